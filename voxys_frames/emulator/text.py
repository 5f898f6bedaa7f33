"""Text banks for seeded content: real-looking, multilingual and deliberately hostile.

Every pick is a pure function of an integer key, so the same message always
gets the same text without storing it.

Examples
--------
>>> pick(HOSTILE_TEXTS, 3) == pick(HOSTILE_TEXTS, 3)
True
"""

from __future__ import annotations

from collections.abc import Sequence

SCRIPT_TEXT = "<script>alert(1)</script>"
IMG_TEXT = "<img src=x onerror=alert(1)>"

HOSTILE_TEXTS: tuple[str, ...] = (
    "Can I speak to a human please",
    "thanks!! 🙏🏽👩‍💻 works now",
    "Order total shows ＄１２０ instead of $120??",
    "My email is in the attachment, zero\u200bwidth test",
    SCRIPT_TEXT,
    IMG_TEXT,
    'Copy-paste from your site: <b>Pay now</b> & <a href="javascript:alert(1)">here</a>',
    "",
)
"""Off-topic or hostile customer text, mixed into every contact reason as noise."""

CUSTOMER_FOLLOWUPS: tuple[str, ...] = (
    "Any update on this?",
    "It happened again just now.",
    "Here is a screenshot.",
    "Ok, thank you!",
    "That didn't work either.",
    "Perfect, that solved it 🎉",
    "I'm still waiting...",
    "شكرا جزيلا",
    "ありがとうございます！",
    "谢谢",
    "Can you escalate this?",
    "The order number is 48213-B",
    "Still broken 🙁",
    "yes",
    "no",
    "👍",
)

AGENT_REPLIES: tuple[str, ...] = (
    "Hi there! Thanks for reaching out, let me check that for you.",
    "I've refunded the duplicate charge; it will show in 3-5 business days.",
    "Could you share your order number, please?",
    "Sorry about that! Our team is looking into the crash.",
    "You can export invoices from **Settings → Billing → Invoices**.",
    "I've sent you a new reset link, it is valid for 24 hours.",
    "Claro, ya actualicé tu dirección.",
    "C'est fait, votre commande est annulée.",
    "تم حل المشكلة، شكرا لصبرك",
    "ご不便をおかけして申し訳ございません。",
    "已为您解锁账户。",
    "Is there anything else I can help with?",
    "Here's the article: https://help.example.com/articles/42",
    "Thanks for your patience 🙏",
    "Following up on this: did the fix work for you?",
)

AUTOMATION_REPLIES: tuple[str, ...] = (
    "Thanks for your e-mail! We usually answer within one business day.",
    "We received your message (ticket opened). An agent will get back to you soon.",
)

BOT_REPLIES: tuple[str, ...] = (
    "Hi! I'm the virtual assistant. What can I help you with?",
    "I can help with orders, billing and accounts. Please choose an option.",
    "Let me connect you with an agent.",
    "Here are some articles that might help.",
    "Could you tell me your email address?",
    "I found your order: it is out for delivery 🚚",
)

PRIVATE_NOTES: tuple[str, ...] = (
    "Customer is on the legacy plan, check with billing first.",
    "Known issue, linked to incident #231.",
    "VIP customer: reply within the hour.",
    "Refund approved by finance.",
    "Possible fraud, do not ship.",
    "Escalated to engineering.",
)

EMAIL_SUBJECTS: tuple[str, ...] = (
    "Invoice question",
    "Re: Your order has shipped",
    "Partnership proposal",
    "Fwd: contract renewal",
    "Problème de facturation",
    "请求退款",
)

DELETED_TEXT = "This message was deleted"

CONTACT_FIRST_NAMES: tuple[str, ...] = (
    "Maria",
    "João",
    "Aiko",
    "Chen",
    "Fatima",
    "Olga",
    "Liam",
    "Noah",
    "Ava",
    "Mateo",
    "Zoë",
    "Søren",
    "Ngozi",
    "Priya",
    "Yusuf",
    "Hana",
    "Élodie",
    "Björn",
    "Дмитрий",
    "محمد",
    "שרה",
    "李",
    "김",
    "O'Brien",
    "",
)
CONTACT_LAST_NAMES: tuple[str, ...] = (
    "Silva",
    "Tanaka",
    "Wang",
    "Haddad",
    "Ivanova",
    "Smith",
    "García",
    "Müller",
    "Okafor",
    "Sharma",
    "Kaya",
    "Kim",
    "Dubois",
    "Lindqvist",
    "Петров",
    "العلي",
    "כהן",
    "伟",
    "민수",
    "",
)
CITIES: tuple[str, ...] = (
    "Lisbon",
    "São Paulo",
    "Tokyo",
    "Berlin",
    "Lagos",
    "Mumbai",
    "Cairo",
    "Tel Aviv",
    "Seoul",
    "Paris",
    "Austin",
    "Toronto",
)
COUNTRIES: tuple[tuple[str, str], ...] = (
    ("Portugal", "PT"),
    ("Brazil", "BR"),
    ("Japan", "JP"),
    ("Germany", "DE"),
    ("Nigeria", "NG"),
    ("India", "IN"),
    ("Egypt", "EG"),
    ("Israel", "IL"),
    ("South Korea", "KR"),
    ("France", "FR"),
    ("United States", "US"),
    ("Canada", "CA"),
)


def pick(bank: Sequence[str], key: int) -> str:
    """Pick an item of ``bank`` as a pure function of ``key``."""
    return bank[(key * 2654435761 + 97) % len(bank)]


def long_email_body(key: int, size: int = 100_000) -> str:
    """A very long email body (``size`` characters), as email pipelines produce."""
    paragraph = (
        f"Ticket {key}: please find below the full thread. "
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit. 😀 ünïcödé. "
    )
    body = (paragraph * (size // len(paragraph) + 1))[:size]
    return body
