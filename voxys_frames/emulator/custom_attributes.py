"""The account's ``custom_attribute_definitions`` (v1), for the keys its records carry.

Definitions exist for most conversation and contact ``custom_attributes`` keys the
emulator writes, with the display types of ``app/models/custom_attribute_definition.rb``;
some keys have none (``crm``, ``notes``), as on real accounts, where nothing ties
the values to the definitions. Rendered as ``_custom_attribute_definition.json.jbuilder``
does: ``created_at``/``updated_at`` are ISO strings, ``attribute_values`` a list.
``attribute_model`` filters (``0``/``conversation_attribute``, ``1``/``contact_attribute``);
without it every definition is listed.

Examples
--------
>>> [d["attribute_key"] for d in definitions("1")]
['customer_since', 'lifetime_value', 'external_id']
"""

from __future__ import annotations

from typing import Any, Final

#: (key, display name, display type, description, values, model: 0 conversation, 1 contact)
_DEFINITIONS: Final[tuple[tuple[str, str, str, str | None, list[str], int], ...]] = (
    ("plan", "Plan", "list", "Subscription plan", ["free", "pro", "enterprise"], 0),
    ("order_id", "Order ID", "text", "The order the conversation is about", [], 0),
    ("account_value", "Account value", "currency", "Yearly contract value", [], 0),
    ("ref", "Reference", "text", None, [], 0),
    ("vip", "VIP", "checkbox", "Priority customer", [], 0),
    ("nps", "NPS", "number", "Last NPS answer", [], 0),
    ("signup_date", "Signup date", "date", "", [], 0),
    ("customer_since", "Customer since", "date", "First purchase", [], 1),
    ("lifetime_value", "Lifetime value", "currency", None, [], 1),
    ("external_id", "External ID", "number", "CRM id", [], 1),
)
MODELS: Final = ("conversation_attribute", "contact_attribute")


def definitions(attribute_model: str | None = None) -> list[dict[str, Any]]:
    """The definitions of ``attribute_model`` (``0``, ``1`` or a model name; None: all).

    >>> definitions("conversation_attribute")[0]["attribute_values"]
    ['free', 'pro', 'enterprise']
    >>> len(definitions()) == len(definitions("0")) + len(definitions("1"))
    True
    """
    wanted: int | None = None
    if attribute_model is not None and attribute_model.strip():
        raw = attribute_model.strip()
        wanted = int(raw) if raw.isdigit() else (MODELS.index(raw) if raw in MODELS else -1)
    out = []
    for number, (key, name, kind, description, values, model) in enumerate(_DEFINITIONS, start=1):
        if wanted is not None and model != wanted:
            continue
        stamp = f"2025-0{1 + number % 9}-1{number % 10}T09:{10 + number:02d}:00.000Z"
        out.append(
            {
                "id": number,
                "attribute_display_name": name,
                "attribute_display_type": kind,
                "attribute_description": description,
                "attribute_key": key,
                "regex_pattern": "^[0-9]{5}(-B)?$" if key == "order_id" else None,
                "attribute_values": list(values),
                "attribute_model": MODELS[model],
                "default_value": None,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
    return out


__all__ = ["MODELS", "definitions"]
