"""Synthetic conversations and messages at any size, with the declared schemas.

The emulator is too slow to produce a million conversations, so the explorer
benchmark builds its frames here, vectorised with numpy and polars. The data is
made to look like a real account rather than uniform noise:

* statuses 57 % resolved, 25 % open, 9 % pending, 9 % snoozed; priority null for
  two thirds; 8 inboxes of unequal size (their channel follows the inbox);
  a quarter unassigned, a few bot assignees; 60 % without a team;
* 0 to 3 labels out of 20, the popular ones far more frequent;
* creation times over two years, busier on weekdays and in office hours; the last
  activity follows after an exponential delay; 40 % of open ones wait for a reply;
* custom_attributes from a dozen JSON shapes (plan, order ids, nested values);
* messages per conversation from a geometric distribution (mean ``messages /
  conversations``), scaled to the exact total; mostly incoming and outgoing, some
  activity and template messages, 3 % private notes; content drawn from 400
  English phrases and 20 in other scripts (accented Latin, Cyrillic, Greek, Turkish,
  CJK, Arabic and Hebrew, Devanagari, emoji; about 9 % of messages) with an order
  number appended, so text search has to scan real strings.

Every column not generated is null; the frames are conformed to the declared schema.

Usage::

    from benchmarks.explorer_synthetic import synthetic_frames
    frames = synthetic_frames(conversations=10_000, messages=200_000, seed=1)
"""

# ruff: noqa: RUF001  (text in other scripts, on purpose)

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import polars as pl
import pyarrow as pa

from voxys_frames.tables.frames import Frames
from voxys_frames.tables.schema import conform

STATUSES = (("resolved", 0.57), ("open", 0.25), ("pending", 0.09), ("snoozed", 0.09))
PRIORITIES = ((None, 0.68), ("low", 0.1), ("medium", 0.09), ("high", 0.08), ("urgent", 0.05))
CHANNELS = (
    "Channel::WebWidget",
    "Channel::Email",
    "Channel::Whatsapp",
    "Channel::FacebookPage",
    "Channel::Instagram",
    "Channel::Api",
    "Channel::Telegram",
    "Channel::TwilioSms",
)
INBOX_WEIGHTS = (0.26, 0.24, 0.17, 0.12, 0.06, 0.06, 0.05, 0.04)
LABELS = (
    "vip",
    "shipping",
    "feedback",
    "spam",
    "churn_risk",
    "refund",
    "onboarding",
    "réclamation",
    "bug",
    "配送",
    "billing",
    "invoice",
    "login",
    "mobile",
    "api",
    "partner",
    "urgent-review",
    "legal",
    "press",
    "beta",
)
ATTRIBUTES = (
    "{}",
    '{"plan":"free"}',
    '{"plan":"pro"}',
    '{"plan":"enterprise"}',
    '{"order_id":48007,"plan":"pro"}',
    '{"order_id":"48051-B","plan":"free"}',
    '{"plan":"enterprise","ref":[290,"R290"]}',
    '{"region":"emea"}',
    '{"region":"apac","plan":"pro"}',
    '{"vip":true}',
    '{"vip":false,"plan":"free"}',
    '{"nested":{"a":1}}',
)
WORDS = (
    "order",
    "refund",
    "delivery",
    "password",
    "invoice",
    "account",
    "login",
    "broken",
    "thanks",
    "hello",
    "payment",
    "card",
    "address",
    "tracking",
    "subscription",
    "cancel",
    "upgrade",
    "error",
    "app",
    "email",
)
FOREIGN_PHRASES = (
    "Ma commande n'est pas arrivée, je voudrais un REMBOURSEMENT",
    "Problème de facturation : deux prélèvements ce mois-ci",
    "Die Lieferung an meine Straße ist BESCHÄDIGT angekommen",
    "Ich möchte mein Passwort zurücksetzen, GRÖSSE falsch",
    "No puedo iniciar sesión en la aplicación, ¿me ayudan?",
    "Мой заказ не пришёл, прошу ВОЗВРАТ денег",
    "Σφάλμα στην ΠΛΗΡΩΜΉ της παραγγελίας μου",
    "İstanbul şubesine TESLİMAT ne zaman yapılır?",
    "我的订单还没有到，请帮我查一下物流",
    "退款申请已经提交三天了",
    "注文した商品が届きません。返金をお願いします",
    "パスワードを忘れました",
    "주문한 상품이 아직 도착하지 않았어요",
    "أريد استرداد المبلغ، الطلب لم يصل",
    "لا أستطيع تسجيل الدخول إلى حسابي",
    "ההזמנה שלי לא הגיעה, אני רוצה החזר כספי",
    "שכחתי את הסיסמה שלי",
    "मेरा ऑर्डर अभी तक नहीं आया",
    "Thanks 🙏 the app works now 👍",
    "URGENT!!! card declined (error 0x80070005) — help",
)
"""Phrases in other scripts (Latin with accents, Cyrillic, Greek, Turkish dotted I, CJK,
Arabic and Hebrew right-to-left, Devanagari, emoji) mixed among the English ones."""
MESSAGE_TYPES = (("incoming", 0.50), ("outgoing", 0.38), ("activity", 0.11), ("template", 0.01))
START = datetime(2024, 11, 1, tzinfo=UTC)
SPAN_SECONDS = 2 * 365 * 86_400


def _choice(
    rng: np.random.Generator, pairs: tuple[tuple[str | None, float], ...], n: int
) -> pl.Series:
    """``n`` values drawn from ``(value, weight)`` pairs."""
    values = pl.Series([value for value, _ in pairs], dtype=pl.String())
    weights = np.array([weight for _, weight in pairs])
    return values.gather(rng.choice(len(pairs), size=n, p=weights / weights.sum()))


def _created_seconds(rng: np.random.Generator, n: int) -> np.ndarray:
    """Creation offsets over two years: more on weekdays and in office hours."""
    days = rng.integers(0, SPAN_SECONDS // 86_400, size=n * 2)
    weekday = (days + START.weekday()) % 7
    keep = rng.random(n * 2) < np.where(weekday >= 5, 0.45, 1.0)
    days = days[keep][:n]
    hour_weights = np.array(
        [1, 1, 1, 1, 1, 2, 3, 5, 8, 10, 10, 9, 8, 9, 10, 10, 9, 7, 5, 4, 3, 2, 2, 1]
    )
    hours = rng.choice(24, size=days.size, p=hour_weights / hour_weights.sum())
    return np.sort(days * 86_400 + hours * 3600 + rng.integers(0, 3600, size=days.size))


def _labels(rng: np.random.Generator, n: int) -> pl.Series:
    """0 to 3 distinct labels per row, the first labels of LABELS the most frequent."""
    weights = 1 / np.arange(1, len(LABELS) + 1)
    counts = rng.choice(4, size=n, p=[0.45, 0.35, 0.15, 0.05])
    picks = rng.choice(len(LABELS), size=int(counts.sum()), p=weights / weights.sum())
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
    values = pa.array([LABELS[i] for i in range(len(LABELS))], type=pa.large_string()).take(picks)
    lists = pl.Series("labels", pa.LargeListArray.from_arrays(offsets, values))
    return lists.cast(pl.List(pl.String())).list.unique(maintain_order=True)


def synthetic_conversations(n: int, *, rng: np.random.Generator) -> pl.DataFrame:
    """``n`` conversations of account 1 with the declared columns."""
    created = _created_seconds(rng, n)
    inbox = rng.choice(len(CHANNELS), size=n, p=np.array(INBOX_WEIGHTS) / sum(INBOX_WEIGHTS))
    status = _choice(rng, STATUSES, n)
    assignee_roll = rng.random(n)
    assignee_type = np.where(
        assignee_roll < 0.25, None, np.where(assignee_roll < 0.29, "AgentBot", "User")
    )
    assignee_id = np.where(
        assignee_type == "AgentBot", rng.integers(1, 4, n), rng.integers(1, 13, n)
    )
    team = rng.integers(1, 5, n)
    activity = created + rng.exponential(6 * 3600, n).astype(np.int64)
    waiting = (status == "open").to_numpy() & (rng.random(n) < 0.4)
    frame = pl.DataFrame(
        {
            "account_id": np.ones(n, dtype=np.int64),
            "id": np.arange(1, n + 1),
            "status": status,
            "priority": _choice(rng, PRIORITIES, n),
            "inbox_id": inbox + 1,
            "assignee_type": pl.Series(assignee_type.tolist(), dtype=pl.String()),
            "assignee_id": pl.Series(np.where(assignee_type == None, -1, assignee_id)),  # noqa: E711
            "team_id": pl.Series(np.where(rng.random(n) < 0.6, -1, team)),
            "channel": pl.Series(CHANNELS).gather(inbox),
            "labels": _labels(rng, n),
            "created_s": created,
            "activity_s": activity,
            "waiting": waiting,
            "custom_attributes": pl.Series(ATTRIBUTES).gather(rng.integers(0, len(ATTRIBUTES), n)),
            "contact_id": rng.integers(1, max(2, n // 3), n),
            "unread_count": rng.integers(0, 11, n),
        }
    )
    start = pl.lit(START)
    return conform(
        frame.with_columns(
            pl.when(pl.col("assignee_id") >= 0).then("assignee_id").alias("assignee_id"),
            pl.when(pl.col("team_id") >= 0).then("team_id").alias("team_id"),
            (start + pl.duration(seconds="created_s")).alias("created_at"),
            (start + pl.duration(seconds="activity_s")).alias("last_activity_at"),
            (start + pl.duration(seconds="activity_s")).alias("updated_at"),
            pl.when("waiting")
            .then(start + pl.duration(seconds="activity_s"))
            .alias("waiting_since"),
            pl.format("{}-{}", pl.lit("conv"), "id").alias("uuid"),
        ),
        "conversations",
    )


def _message_counts(rng: np.random.Generator, conversations: int, messages: int) -> np.ndarray:
    mean = max(messages / max(conversations, 1), 1.0)
    counts = rng.geometric(1 / mean, size=conversations)
    counts = np.maximum(1, np.round(counts * messages / counts.sum())).astype(np.int64)
    diff = messages - int(counts.sum())
    order = rng.permutation(conversations)
    step = 1 if diff > 0 else -1
    i = 0
    while diff:
        j = order[i % conversations]
        if step > 0 or counts[j] > 1:
            counts[j] += step
            diff -= step
        i += 1
    return counts


def synthetic_messages(
    conversations: pl.DataFrame, n: int, *, rng: np.random.Generator
) -> pl.DataFrame:
    """``n`` messages spread over ``conversations``, with the declared columns."""
    counts = _message_counts(rng, conversations.height, n)
    owner = np.repeat(np.arange(conversations.height), counts)
    phrases = pl.Series(
        [
            f"{a} {b}: {c} {d}?" if k % 3 == 0 else f"My {a} has a {b} problem, {c} {d}."
            for k, (a, b, c, d) in enumerate(rng.choice(WORDS, size=(400, 4)).tolist())
        ]
        + list(FOREIGN_PHRASES) * 2
    )
    mtype = _choice(rng, MESSAGE_TYPES, n)
    created = conversations["created_at"].gather(owner)
    gap = pl.Series(rng.exponential(1800, n).astype(np.int64) * 1_000_000).cast(pl.Duration("us"))
    frame = pl.DataFrame(
        {
            "account_id": np.ones(n, dtype=np.int64),
            "id": np.arange(1, n + 1),
            "conversation_id": conversations["id"].gather(owner),
            "inbox_id": conversations["inbox_id"].gather(owner),
            "message_type": mtype,
            "phrase": phrases.gather(rng.integers(0, phrases.len(), n)),
            "order_no": rng.integers(10_000, 99_999, n),
            "private": rng.random(n) < 0.03,
            "created_at": created,
            "gap": gap,
            "sender_id": rng.integers(1, 13, n),
        }
    )
    return conform(
        frame.with_columns(
            pl.format("{} #{}", "phrase", "order_no").alias("content"),
            (pl.col("created_at") + pl.col("gap").cum_sum().over("conversation_id")).alias(
                "created_at"
            ),
            pl.lit("text").alias("content_type"),
            pl.lit("sent").alias("status"),
            pl.when(pl.col("message_type") == "incoming")
            .then(pl.lit("Contact"))
            .when(pl.col("message_type") == "outgoing")
            .then(pl.lit("User"))
            .alias("sender_type"),
            pl.format("Agent {}", "sender_id").alias("sender_name"),
            pl.lit(0, dtype=pl.Int64()).alias("attachment_count"),
        ),
        "messages",
    )


def synthetic_frames(*, conversations: int, messages: int, seed: int = 1) -> Frames:
    """Conversations and messages of the given sizes; the other tables are empty."""
    rng = np.random.default_rng(seed)
    conv = synthetic_conversations(conversations, rng=rng)
    return Frames({"conversations": conv, "messages": synthetic_messages(conv, messages, rng=rng)})
