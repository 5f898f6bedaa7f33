"""JSON payloads, field by field as Chatwoot's views render them.

Each builder returns plain dicts in the key order of the Rails partials; keys that
Chatwoot omits (``meta.assignee``, ``meta.team``, ``applied_sla``, message
``sender`` and ``attachments``, contact ``last_activity_at``...) are left out
rather than set to null.

Examples
--------
>>> from voxys_frames.emulator.config import EmulatorConfig
>>> from voxys_frames.emulator.world import World
>>> r = Renderer(World(EmulatorConfig(seed=3, conversations=10)))
>>> sorted(r.conversation(1, token_user=1))[:3]
['account_id', 'additional_attributes', 'agent_last_seen_at']
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from voxys_frames.emulator import text
from voxys_frames.emulator.catalog import AgentBot, Assistant, Inbox, Label, Team, User
from voxys_frames.emulator.content import MessageBody, message_body
from voxys_frames.emulator.inboxes import fake_secret, inbox_payload, inbox_slim
from voxys_frames.emulator.timeline import (
    ACTOR_BOT,
    ACTOR_CAPTAIN,
    ACTOR_CONTACT,
    ACTOR_USER,
    F_ORPHAN_SENDER,
    F_PRIVATE,
    KIND_ACTIVITY,
    PRIORITY_NAMES,
    STATUS_NAMES,
)
from voxys_frames.emulator.world import Message, World

SENDER_CLASS = {
    ACTOR_CONTACT: "Contact",
    ACTOR_USER: "User",
    ACTOR_BOT: "AgentBot",
    ACTOR_CAPTAIN: "Captain::Assistant",
}
#: The account's name in ``GET /api/v1/profile``.
ACCOUNT_NAME = "Voxys Demo"
AVATAR = "https://app.voxys.example/rails/active_storage/representations/redirect/avatar-{}.png"
REPLY_WINDOW_CHANNELS = {
    "Channel::Whatsapp": 86400,
    "Channel::FacebookPage": 86400,
    "Channel::Instagram": 86400,
    "Channel::TwilioSms": 86400,
    "Channel::Api": 86400 * 7,
}


def iso(epoch: float) -> str:
    """ISO-8601 UTC with milliseconds, as ActiveSupport renders times."""
    moment = datetime.fromtimestamp(epoch, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _uuid(*parts: int) -> str:
    """A deterministic, random-looking UUID4 built from integers."""
    value = 0
    for part in parts:
        value = ((value ^ part) * 0x9E3779B97F4A7C15F39CC0605CEDC835 + 0x632BE59BD9B4E019) % 2**128
    return str(uuid.UUID(int=value, version=4))


class NameBook(dict[str, str]):
    """Display names of actors, teams and tag sets, looked up by ``"kind:id"``."""

    def __init__(self, world: World) -> None:
        super().__init__()
        self.world = world

    def __missing__(self, key: str) -> str:
        kind, _, raw = key.partition(":")
        ident = int(raw)
        cat = self.world.catalog
        name: str
        if kind == str(ACTOR_USER):
            name = cat.user(ident).available_name if 1 <= ident <= len(cat.users) else "Unknown"
        elif kind == str(ACTOR_BOT):
            name = cat.bot(ident).name
        elif kind == str(ACTOR_CAPTAIN):
            name = cat.assistant(ident).name
        elif kind == "team":
            name = cat.team(ident).name
        elif kind == "tags":
            titles = cat.tag_titles
            name = ", ".join(titles[i] for i in range(len(titles)) if ident >> i & 1)
        else:
            name = "Someone"
        self[key] = name
        return name


class Renderer:
    """Builds every JSON payload the emulator serves from a :class:`World`."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.catalog = world.catalog
        self.account_id = world.config.account_id
        self.names = NameBook(world)
        self._contacts: dict[int, dict[str, Any]] = {}

    # ---- people -------------------------------------------------------------
    def _contact_core(self, contact_id: int) -> dict[str, Any]:
        """The generated facts of a contact (cached: a page renders a contact many times)."""
        core = self._contacts.get(contact_id)
        if core is None:
            if len(self._contacts) > 4096:
                self._contacts.clear()
            core = self._contacts[contact_id] = self._make_contact_core(contact_id)
        return core

    def _make_contact_core(self, contact_id: int) -> dict[str, Any]:
        world = self.world
        home = world.contact_home(contact_id)
        inbox = self.catalog.inbox(int(world.cols["inbox_id"][home]))
        key = contact_id * 2654435761 + world.seed
        anonymous = inbox.channel_type == "Channel::WebWidget" and contact_id % 3 == 0
        first = text.pick(text.CONTACT_FIRST_NAMES, key)
        last = text.pick(text.CONTACT_LAST_NAMES, key // 7)
        if anonymous:
            name = f"{('damp', 'quiet', 'bold', 'misty')[key % 4]}-{('forest', 'river', 'sun')[key % 3]}-{contact_id}"
        else:
            name = f"{first} {last}".strip()
        email = (
            None
            if anonymous or inbox.channel_type in ("Channel::Whatsapp", "Channel::TwilioSms")
            else f"contact{contact_id}@mail.example"
        )
        phone = (
            f"+{351_900_000_000 + contact_id * 37 % 99_999_999}"
            if inbox.channel_type in ("Channel::Whatsapp", "Channel::TwilioSms")
            else None
        )
        identifier = f"ext-{contact_id}" if inbox.channel_type == "Channel::Api" else None
        country, code = text.COUNTRIES[key % len(text.COUNTRIES)]
        additional: dict[str, Any] = {}
        if not anonymous:
            additional = {
                "city": text.CITIES[key % len(text.CITIES)],
                "country": country,
                "country_code": code,
                "company_name": ("Acme", "Globex", "Initech", "", None)[key % 5],
                "social_profiles": {"twitter": f"user{contact_id}", "linkedin": ""}
                if key % 4 == 0
                else {},
            }
            if key % 9 == 0:
                additional["created_at_ip"] = "203.0.113.7"
        custom: dict[str, Any] = {}
        if key % 3 == 0:
            custom = {"customer_since": "2024-01-15", "lifetime_value": (key % 9000) / 3}
        if key % 10 == 0:
            custom["external_id"] = 9_876_543_210 + contact_id  # above 2**31
        return {
            "additional_attributes": additional,
            "custom_attributes": custom,
            "email": email,
            "id": contact_id,
            "identifier": identifier,
            "name": name,
            "phone_number": phone,
            "thumbnail": "" if key % 4 else AVATAR.format(f"c{contact_id}"),
            "blocked": contact_id % 97 == 13,
            "_home": home,
            "_anonymous": anonymous,
            "_inbox": inbox,
        }

    def contact_push(self, contact_id: int) -> dict[str, Any]:
        """``Contact#push_event_data``: the message sender / messages meta shape."""
        core = self._contact_core(contact_id)
        return {
            "additional_attributes": core["additional_attributes"],
            "custom_attributes": core["custom_attributes"],
            "email": core["email"],
            "id": contact_id,
            "identifier": core["identifier"],
            "name": core["name"],
            "phone_number": core["phone_number"],
            "thumbnail": core["thumbnail"],
            "blocked": core["blocked"],
            "type": "contact",
        }

    def contact_partial(self, contact_id: int) -> dict[str, Any]:
        """The contact partial: the list's ``meta.sender`` and the contacts index."""
        core = self._contact_core(contact_id)
        created = int(self.world.cols["created_at"][core["_home"]]) - 30
        partial: dict[str, Any] = {
            "additional_attributes": core["additional_attributes"],
            "availability_status": "online" if contact_id % 11 == 0 else "offline",
            "email": core["email"],
            "id": contact_id,
            "name": core["name"],
            "phone_number": core["phone_number"],
            "blocked": core["blocked"],
            "identifier": core["identifier"],
            "thumbnail": core["thumbnail"],
            "custom_attributes": core["custom_attributes"],
        }
        if contact_id % 20 != 7:
            partial["last_activity_at"] = int(self.world.cols["last_activity_at"][core["_home"]])
        partial["created_at"] = created
        return partial

    def contact_is_resolved(self, contact_id: int) -> bool:
        """Whether the contacts index lists the contact (email, phone or identifier)."""
        core = self._contact_core(contact_id)
        return bool(core["email"] or core["phone_number"] or core["identifier"])

    def contact_index_item(
        self,
        contact_id: int,
        *,
        with_inboxes: bool,
        legacy_inboxes: bool = False,
        secrets: bool = False,
    ) -> dict[str, Any]:
        """A row of the contacts index: the partial plus ``contact_inboxes``.

        Each ``contact_inboxes[].inbox`` is the slim inbox of Chatwoot PR #10888
        (February 2025) and later; ``legacy_inboxes`` embeds the whole inbox partial
        instead, as older servers do (with the administrators' keys when ``secrets``).
        """
        item = self.contact_partial(contact_id)
        if with_inboxes:
            inbox: Inbox = self._contact_core(contact_id)["_inbox"]
            embedded = (
                inbox_payload(inbox, seed=self.world.seed, secrets=secrets)
                if legacy_inboxes
                else inbox_slim(inbox)
            )
            item["contact_inboxes"] = [
                {"source_id": self.source_id(contact_id, inbox.id), "inbox": embedded}
            ]
        return item

    def source_id(self, contact_id: int, inbox_id: int) -> str:
        """The contact-inbox source id."""
        return _uuid(self.world.seed, contact_id, inbox_id)

    def user_push(self, user: User) -> dict[str, Any]:
        """``User#push_event_data``."""
        return {
            "id": user.id,
            "name": user.name,
            "available_name": user.available_name,
            "avatar_url": AVATAR.format(f"u{user.id}") if user.id % 2 else "",
            "type": "user",
            "availability_status": user.availability,
            "thumbnail": AVATAR.format(f"u{user.id}") if user.id % 2 else "",
        }

    def bot_push(self, bot: AgentBot, inbox: Inbox) -> dict[str, Any]:
        """``AgentBot#push_event_data(inbox)``: the avatar falls back to the inbox's."""
        return {
            "id": bot.id,
            "name": bot.name,
            "avatar_url": AVATAR.format(f"inbox{inbox.id}"),
            "type": "agent_bot",
        }

    def captain_push(self, assistant: Assistant) -> dict[str, Any]:
        """``Captain::Assistant#push_event_data`` (``created_at`` is an ISO string)."""
        return {
            "id": assistant.id,
            "name": assistant.name,
            "avatar_url": "",
            "description": assistant.description,
            "created_at": assistant.created_at_iso,
            "type": "captain_assistant",
        }

    def agent(self, user: User) -> dict[str, Any]:
        """The agent partial (``meta.assignee`` and the agents endpoint)."""
        agent: dict[str, Any] = {
            "id": user.id,
            "account_id": self.account_id,
            "availability_status": user.availability,
            "auto_offline": user.id % 2 == 0,
            "confirmed": user.id != 11,
            "email": user.email,
            "provider": "email",
            "available_name": user.available_name,
        }
        if user.custom_attributes:
            agent["custom_attributes"] = user.custom_attributes
        agent.update(
            name=user.name,
            role=user.role,
            thumbnail=AVATAR.format(f"u{user.id}") if user.id % 2 else "",
            custom_role_id=user.custom_role_id,
        )
        return agent

    def bot_slim(self, bot: AgentBot) -> dict[str, Any]:
        """The slim agent-bot partial (``meta.assignee`` for bot assignees)."""
        slim: dict[str, Any] = {
            "id": bot.id,
            "name": bot.name,
            "description": bot.description,
            "thumbnail": "",
        }
        if bot.outgoing_url is not None:
            slim["outgoing_url"] = bot.outgoing_url
        slim["bot_type"] = "webhook"
        return slim

    def team(self, team: Team, *, token_user: int) -> dict[str, Any]:
        """The team partial; ``is_member`` is relative to the token's user."""
        return {
            "id": team.id,
            "name": team.name,
            "description": team.description,
            "allow_auto_assign": team.allow_auto_assign,
            "account_id": self.account_id,
            "is_member": token_user in team.member_ids,
        }

    def inbox(self, inbox: Inbox, *, secrets: bool) -> dict[str, Any]:
        """The inbox partial; ``secrets`` adds the keys only administrators see."""
        return inbox_payload(inbox, seed=self.world.seed, secrets=secrets)

    def profile(self, user: User, *, access_token: str, enterprise: bool) -> dict[str, Any]:
        """``GET /api/v1/profile``: the user partial (``_user.json.jbuilder``) of ``user``.

        ``access_token`` is the caller's own API token, as Chatwoot renders it; the
        ``pubsub_token`` and ``hmac_identifier`` are made-up secrets.
        """
        avatar = AVATAR.format(f"u{user.id}") if user.id % 2 else ""
        membership: dict[str, Any] = {
            "id": self.account_id,
            "name": ACCOUNT_NAME,
            "status": "active",
            "active_at": iso(self.world.now - 3600 * user.id),
            "role": user.role,
            "permissions": [user.role] if user.custom_role_id is None else ["custom_role"],
            "availability": user.availability,
            "availability_status": user.availability,
            "auto_offline": user.id % 2 == 0,
        }
        if enterprise:
            membership["custom_role_id"] = user.custom_role_id
            membership["custom_role"] = None
        profile: dict[str, Any] = {
            "access_token": access_token,
            "account_id": self.account_id,
            "available_name": user.available_name,
            "avatar_url": avatar,
            "confirmed": user.id != 11,
            "display_name": user.display_name,
            "message_signature": f"-- {user.available_name}" if user.id % 3 == 0 else None,
            "email": user.email,
            "hmac_identifier": fake_secret("hmac-identifier", user.id, self.world.seed),
            "id": user.id,
            "inviter_id": None if user.id == 1 else 1,
            "name": user.name,
            "provider": "email",
            "pubsub_token": fake_secret("pubsub", user.id, self.world.seed),
        }
        if user.custom_attributes:
            profile["custom_attributes"] = user.custom_attributes
        profile.update(
            role=user.role,
            ui_settings={"is_contact_sidebar_open": True, "rtl_view": False},
            uid=user.email,
            type=None,
            accounts=[membership],
        )
        return profile

    def outsider_profile(self, user_id: int, *, access_token: str) -> dict[str, Any]:
        """The profile of a valid user who belongs to no account of this server's data."""
        email = f"outsider{user_id}@elsewhere.example"
        return {
            "access_token": access_token,
            "account_id": None,
            "available_name": "Olga Outsider",
            "avatar_url": "",
            "confirmed": True,
            "display_name": None,
            "message_signature": None,
            "email": email,
            "hmac_identifier": fake_secret("hmac-identifier", user_id, self.world.seed),
            "id": user_id,
            "inviter_id": None,
            "name": "Olga Outsider",
            "provider": "email",
            "pubsub_token": fake_secret("pubsub", user_id, self.world.seed),
            "role": None,
            "ui_settings": {},
            "uid": email,
            "type": None,
            "accounts": [],
        }

    def label(self, label: Label) -> dict[str, Any]:
        """An account label."""
        return {
            "id": label.id,
            "title": label.title,
            "description": label.description,
            "color": label.color,
            "show_on_sidebar": label.show_on_sidebar,
        }

    # ---- messages -----------------------------------------------------------
    def sender(self, c: int, message: Message) -> dict[str, Any] | None:
        """The ``sender`` object of a message, or None when the key is omitted."""
        _, kind, actor_type, actor_id, flags, _, _ = message.event
        if kind == KIND_ACTIVITY or flags & F_ORPHAN_SENDER:
            return None
        if actor_type == ACTOR_CONTACT:
            return self.contact_push(actor_id)
        if actor_type == ACTOR_USER:
            user = self.catalog.user(actor_id)
            return None if user.left else self.user_push(user)
        if actor_type == ACTOR_BOT:
            return self.bot_push(self.catalog.bot(actor_id), self._inbox(c))
        if actor_type == ACTOR_CAPTAIN:
            return self.captain_push(self.catalog.assistant(actor_id))
        return None

    def _inbox(self, c: int) -> Inbox:
        return self.catalog.inbox(int(self.world.cols["inbox_id"][c]))

    def body(self, c: int, message: Message) -> MessageBody:
        """The content fields of a message (content, type, attributes, attachments)."""
        return message_body(
            message.id,
            message.event,
            first=message.index == 0,
            channel=self._inbox(c).channel_type,
            account_id=self.account_id,
            names=self.names,
            customer=self.world.customer(c),
        )

    def endpoint_message(self, c: int, message: Message) -> dict[str, Any]:
        """A message as the messages endpoint renders it (``_message.json.jbuilder``)."""
        body = self.body(c, message)
        event = message.event
        payload: dict[str, Any] = {
            "id": message.id,
            "content": body.content,
            "inbox_id": int(self.world.cols["inbox_id"][c]),
            "conversation_id": c + 1,
            "message_type": event[1],
            "content_type": body.content_type,
            "status": body.status,
            "content_attributes": body.content_attributes,
            "created_at": event[0],
            "private": bool(event[4] & F_PRIVATE),
            "source_id": body.source_id,
        }
        sender = self.sender(c, message)
        if sender is not None:
            payload["sender"] = sender
        if body.attachments:
            payload["attachments"] = body.attachments
        return payload

    def embedded_message(self, c: int, message: Message, *, unread_count: int) -> dict[str, Any]:
        """A message as ``Message#push_event_data`` renders it inside a conversation."""
        body = self.body(c, message)
        event = message.event
        sender = self.sender(c, message)
        actor_type = event[2]
        has_sender = sender is not None and event[1] != KIND_ACTIVITY
        cols = self.world.cols
        assignee_db = self.world.assignee_user(c)
        payload: dict[str, Any] = {
            "id": message.id,
            "content": body.content,
            "account_id": self.account_id,
            "inbox_id": int(cols["inbox_id"][c]),
            "conversation_id": c + 1,
            "message_type": event[1],
            "created_at": event[0],
            "updated_at": iso(event[0] + (message.id % 5) * 0.137),
            "private": bool(event[4] & F_PRIVATE),
            "status": body.status,
            "source_id": body.source_id,
            "content_type": body.content_type,
            "content_attributes": body.content_attributes,
            "sender_type": SENDER_CLASS.get(actor_type) if has_sender else None,
            "sender_id": event[3] if has_sender else None,
            "external_source_ids": body.external_source_ids,
            "additional_attributes": body.additional_attributes,
            "processed_message_content": body.processed_message_content,
            "sentiment": body.sentiment,
            "conversation": {
                "assignee_id": assignee_db or None,
                "unread_count": unread_count,
                "last_activity_at": int(cols["last_activity_at"][c]),
                "contact_inbox": {
                    "source_id": self.source_id(
                        int(cols["contact_id"][c]), int(cols["inbox_id"][c])
                    )
                },
            },
        }
        if body.attachments:
            payload["attachments"] = body.attachments
        if sender is not None:
            payload["sender"] = sender
        return payload

    # ---- conversations ------------------------------------------------------
    def conversation(
        self, display_id: int, *, token_user: int, latest: Message | None = None
    ) -> dict[str, Any]:
        """The conversation partial (list, show). ``latest`` overrides ``messages[0]``."""
        c = display_id - 1
        world = self.world
        cols = world.cols
        inbox = self._inbox(c)
        contact_id = int(cols["contact_id"][c])
        messages = world.timeline(display_id)
        unread = world.unread_count(c, messages)
        meta: dict[str, Any] = {
            "sender": self.contact_partial(contact_id),
            "channel": inbox.channel_type,
        }
        user_id = world.assignee_user(c)
        bot_id = world.assignee_bot(c)
        if user_id and not self.catalog.user(user_id).left:
            meta["assignee"] = self.agent(self.catalog.user(user_id))
            meta["assignee_type"] = "User"
        elif bot_id:
            meta["assignee"] = self.bot_slim(self.catalog.bot(bot_id))
            meta["assignee_type"] = "AgentBot"
        team_id = int(cols["team_id"][c])
        if team_id:
            meta["team"] = self.team(self.catalog.team(team_id), token_user=token_user)
        meta["hmac_verified"] = None if c % 41 == 7 else c % 3 == 0
        if latest is None and messages:
            latest = max(messages, key=lambda m: (m.t, m.index))
        non_activity = [m for m in messages if m.event[1] != KIND_ACTIVITY]
        last_non_activity = (
            max(non_activity, key=lambda m: (m.t, m.index)) if non_activity else None
        )
        agent_seen = int(cols["agent_last_seen_at"][c])
        status = int(cols["status"][c])
        priority = int(cols["priority"][c])
        snoozed = int(cols["snoozed_until"][c])
        last_activity = int(cols["last_activity_at"][c])
        payload: dict[str, Any] = {
            "meta": meta,
            "id": display_id,
            "messages": [self.embedded_message(c, latest, unread_count=unread)] if latest else [],
            "account_id": self.account_id,
            "uuid": _uuid(world.seed, self.account_id, display_id),
            "additional_attributes": self.conversation_additional(c, inbox),
            "agent_last_seen_at": agent_seen,
            "assignee_last_seen_at": world.assignee_last_seen_at(c),
            "can_reply": self._can_reply(c, inbox),
            "contact_last_seen_at": int(cols["contact_last_seen_at"][c]),
            "custom_attributes": self.conversation_custom(c),
            "inbox_id": inbox.id,
            "labels": world.tags(c),
            "muted": bool(self._contact_core(contact_id)["blocked"]),
            "snoozed_until": iso(snoozed) if snoozed else None,
            "status": STATUS_NAMES[status],
            "created_at": int(cols["created_at"][c]),
            "updated_at": int(cols["updated_at_us"][c]) / 1_000_000,
            "timestamp": last_activity,
            "first_reply_created_at": int(cols["first_reply_created_at"][c]),
            "unread_count": unread,
            "last_non_activity_message": self.embedded_message(
                c, last_non_activity, unread_count=unread
            )
            if last_non_activity
            else None,
            "last_activity_at": last_activity,
            "priority": PRIORITY_NAMES[priority] if priority >= 0 else None,
            "waiting_since": int(cols["waiting_since"][c]),
            "sla_policy_id": int(cols["sla_policy_id"][c]) or None,
        }
        if world.config.enterprise:
            policy_id = int(cols["sla_policy_id"][c])
            if policy_id:
                payload["applied_sla"] = self.applied_sla(c, policy_id)
            payload["sla_events"] = self.sla_events(c, policy_id)
        return payload

    def _can_reply(self, c: int, inbox: Inbox) -> bool:
        window = REPLY_WINDOW_CHANNELS.get(inbox.channel_type)
        if window is None:
            return True
        last_incoming = int(self.world.cols["last_incoming_at"][c])
        return bool(last_incoming) and self.world.clock() - last_incoming < window

    def applied_sla(self, c: int, policy_id: int) -> dict[str, Any]:
        """The ``applied_sla`` object of a conversation with an SLA policy."""
        policy = self.catalog.sla_policies[policy_id - 1]
        created = int(self.world.cols["created_at"][c])
        misses = self._sla_misses(c)
        status = int(self.world.cols["status"][c])
        if misses:
            sla_status = "missed" if status == 1 else "active_with_misses"
        else:
            sla_status = "hit" if status == 1 else "active"
        return {
            "id": 5000 + c,
            "sla_id": policy.id,
            "sla_status": sla_status,
            "created_at": created,
            "updated_at": int(self.world.cols["last_activity_at"][c]),
            "sla_description": policy.description,
            "sla_name": policy.name,
            "sla_first_response_time_threshold": policy.first_response,
            "sla_next_response_time_threshold": policy.next_response,
            "sla_resolution_time_threshold": policy.resolution,
            "sla_only_during_business_hours": policy.only_during_business_hours,
        }

    def _sla_misses(self, c: int) -> list[str]:
        policy_id = int(self.world.cols["sla_policy_id"][c])
        if not policy_id:
            return []
        policy = self.catalog.sla_policies[policy_id - 1]
        created = int(self.world.cols["created_at"][c])
        first_reply = int(self.world.cols["first_reply_created_at"][c])
        misses = []
        if (
            policy.first_response is not None
            and first_reply
            and first_reply - created > policy.first_response
        ):
            misses.append("frt")
        if c % 7 == 3 and policy.next_response is not None:
            misses.append("nrt")
        return misses

    def sla_events(self, c: int, policy_id: int) -> list[dict[str, Any]]:
        """SLA miss events (``[]`` when none)."""
        created = int(self.world.cols["created_at"][c])
        events = []
        for k, event_type in enumerate(self._sla_misses(c) if policy_id else []):
            at = created + 3600 * (k + 1)
            events.append(
                {
                    "id": 90_000 + c * 4 + k,
                    "event_type": event_type,
                    "meta": {"threshold": 3600, "missed_by": 120 + k}
                    if k == 0
                    else {"note": "missed", "count": "2"},
                    "updated_at": at,
                    "created_at": at,
                }
            )
        return events

    def conversation_custom(self, c: int) -> dict[str, Any]:
        """Free-form ``custom_attributes`` whose keys and value types vary by row."""
        key = (c * 2654435761 + self.world.seed) % 1000
        if key % 4 == 0:
            return {}
        attrs: dict[str, Any] = {"plan": ("free", "pro", "enterprise")[key % 3]}
        if key % 2:
            attrs["order_id"] = 48_000 + key if key % 3 else f"{48_000 + key}-B"
        if key % 5 == 1:
            attrs["account_value"] = 9_999_999_000 + key  # above 2**31, below Chatwoot's cap
        if key % 7 == 2:
            attrs["ref"] = key  # an int here...
        elif key % 7 == 3:
            attrs["ref"] = [key, f"R{key}"]  # ...and a list there
        if key % 9 == 4:
            attrs["vip"] = True
            attrs["nps"] = key % 11 - 0.5
        if key % 13 == 5:
            attrs["crm"] = {"hubspot": {"deal_id": 10**12 + key, "stage": "won"}}
        if key % 17 == 6:
            attrs["signup_date"] = "2025-03-01"
            attrs["notes"] = None
        return attrs

    def conversation_additional(self, c: int, inbox: Inbox) -> dict[str, Any]:
        """Channel-dependent ``additional_attributes``."""
        channel = inbox.channel_type
        created = int(self.world.cols["created_at"][c])
        if channel == "Channel::WebWidget":
            return {
                "browser": {
                    "browser_name": ("Chrome", "Safari", "Firefox")[c % 3],
                    "browser_version": "131.0",
                    "device_name": "Unknown",
                    "platform_name": ("macOS", "Windows", "Android")[c % 3],
                    "platform_version": "14",
                },
                "browser_language": ("en", "pt-BR", "ja")[c % 3],
                "referer": "https://shop.example/checkout" if c % 5 else None,
                "initiated_at": {
                    "timestamp": datetime.fromtimestamp(created, tz=UTC).strftime(
                        "%a %b %d %Y %H:%M:%S GMT+0000 (Coordinated Universal Time)"
                    )
                },
                "conversation_language": ("en", "pt", "ja")[c % 3],
            }
        if channel == "Channel::Email":
            return {
                "mail_subject": text.pick(text.EMAIL_SUBJECTS, c),
                "source": "email",
                "in_reply_to": None,
                "auto_reply": c % 37 == 0,
                "initiated_at": {"timestamp": iso(created)},
            }
        if channel == "Channel::Instagram":
            return {"type": "instagram_direct_message"}
        if channel == "Channel::Api" and c % 2:
            return {"salesforce": {"case_id": f"500{c:09d}", "priority": c % 4}}
        return {}

    def reporting_event(self, event: dict[str, Any]) -> dict[str, Any]:
        """A reporting event with ISO timestamps and the conversation primary key."""
        return {
            "id": event["id"],
            "name": event["name"],
            "value": float(event["value"]),
            "value_in_business_hours": float(event["value_in_business_hours"]),
            "event_start_time": iso(event["start"]),
            "event_end_time": iso(event["end"]),
            "account_id": self.account_id,
            "inbox_id": event["inbox_id"],
            "user_id": event["user_id"],
            "conversation_id": event["conversation_pk"],
            "created_at": iso(event["end"]),
            "updated_at": iso(event["end"]),
        }
