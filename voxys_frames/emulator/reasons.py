"""Why a customer writes: each seeded conversation follows one contact reason.

The reason and the customer's language are pure functions of the seed, the
conversation index and its creation time; the customer's messages are written
from per-reason phrasings in that language, with noise (greetings, order
numbers, typos, another language mixed in, hostile or off-topic text). The
reason is ground truth for topic finding: :meth:`World.contact_reason` gives
it, and no API response carries it.

Some customer messages carry a ``sentiment`` object shaped as Chatwoot's
sentiment job writes it (``{"label", "score", "value"}``, ``value`` 1 for a
positive label and -1 otherwise); others carry ``{}``, as on a server where the
job did not run.

Examples
--------
>>> REASONS[contact_reason(7, 3, 0.5)] in REASONS
True
>>> customer_text(REASONS.index("refund"), "en", 12345, first=True) == customer_text(
...     REASONS.index("refund"), "en", 12345, first=True)
True
>>> message_sentiment(REASONS.index("refund"), "Still broken", 42)
{'label': 'negative', 'score': 0.7867, 'value': -1}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from voxys_frames.emulator.text import CUSTOMER_FOLLOWUPS, HOSTILE_TEXTS

REASONS: Final = (
    "refund",
    "delivery",
    "login",
    "billing",
    "bug_report",
    "cancellation",
    "address_change",
    "product_question",
)
"""The contact reasons, in code order."""

LANGUAGES: Final = ("en", "es", "fr", "de", "pt", "ru", "ar", "he", "ja", "zh", "ko")
_LANGUAGE_WEIGHTS: Final = (45, 8, 7, 7, 6, 4, 6, 4, 5, 5, 3)

_BASE_WEIGHTS: Final = (12, 15, 10, 10, 5, 7, 6, 9)
"""Relative reason weights a year before ``now``; bug reports grow towards now."""

_NEGATIVE_SHARE: Final = (0.7, 0.6, 0.55, 0.55, 0.75, 0.45, 0.2, 0.15)
"""The chance that a reason's message, when its tone is not obvious, reads negative."""

GREETINGS: Final[dict[str, tuple[str, ...]]] = {
    "en": ("Hi,", "Hello!", "Hey there,", "Good morning,"),
    "es": ("Hola,", "Buenas tardes,"),
    "fr": ("Bonjour,", "Salut,"),
    "de": ("Hallo,", "Guten Tag,"),
    "pt": ("Oi!", "Olá,"),
    "ru": ("Привет,", "Здравствуйте,"),
    "ar": ("مرحبا،", "السلام عليكم،"),
    "he": ("שלום,", "היי,"),
    "ja": ("こんにちは。", "お世話になっております。"),
    "zh": ("你好，", "您好，"),
    "ko": ("안녕하세요.",),
}

# Openers per reason and language; "{order}" is replaced by an order number.
OPENERS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "refund": {
        "en": (
            "I want a refund for order {order}, the item was damaged.",
            "Can I get my money back? I returned the package last week.",
            "Still no refund for my return {order}, where is my money?",
            "please refund me, the product is not what I ordered",
        ),
        "es": ("Quiero un reembolso del pedido {order}, llegó roto.",),
        "fr": ("Je voudrais être remboursé pour la commande {order}.",),
        "de": ("Ich möchte eine Rückerstattung für Bestellung {order}.",),
        "pt": ("Quero o reembolso do meu pedido {order}, veio com defeito.",),
        "ru": ("Верните деньги за заказ {order}, товар сломан.",),
        "ar": ("أريد استرداد المبلغ للطلب {order}، المنتج تالف.",),
        "he": ("אני רוצה החזר כספי על הזמנה {order}.",),
        "ja": ("注文{order}の返金をお願いします。商品が壊れていました。",),
        "zh": ("我要申请退款，订单{order}的商品坏了。",),
        "ko": ("주문 {order} 환불 부탁드립니다. 제품이 파손되었어요.",),
    },
    "delivery": {
        "en": (
            "My order {order} hasn't arrived yet, can you check the delivery?",
            "Where is my package? Tracking says shipped 5 days ago.",
            "The courier never delivered my parcel {order}.",
            "delivery is late again, when will my order arrive",
        ),
        "es": ("Mi pedido {order} todavía no ha llegado, ¿dónde está el envío?",),
        "fr": ("Ma commande {order} n'est toujours pas livrée, où est mon colis ?",),
        "de": ("Mein Paket {order} ist noch nicht angekommen, wo ist die Lieferung?",),
        "pt": ("Meu pedido {order} ainda não chegou, cadê a entrega?",),
        "ru": ("Мой заказ {order} до сих пор не доставлен, где посылка?",),
        "ar": ("لم يصل طلبي {order} بعد، أين الشحنة؟",),
        "he": ("ההזמנה {order} עדיין לא הגיעה, איפה המשלוח?",),
        "ja": ("注文した商品{order}がまだ届いていません。配送状況を確認していただけますか？",),
        "zh": ("我的订单{order}还没有送到，快递在哪里？",),
        "ko": ("주문 {order} 배송이 아직 안 왔어요. 배송 상태를 확인하고 싶습니다.",),
    },
    "login": {
        "en": (
            "I can't log in, the password reset link says it expired.",
            "My account is locked after too many login attempts.",
            "I never receive the verification code to sign in.",
            "cant login to my account, password reset does nothing",
        ),
        "es": ("No puedo iniciar sesión, el enlace para restablecer la contraseña caducó.",),
        "fr": ("Je n'arrive pas à me connecter, mon mot de passe ne marche plus.",),
        "de": ("Ich kann mich nicht anmelden, das Passwort wird nicht akzeptiert.",),
        "pt": ("Não consigo entrar na minha conta, a senha não funciona.",),
        "ru": ("Не могу войти в аккаунт, пароль не подходит.",),
        "ar": ("لا أستطيع تسجيل الدخول، لم أستلم رمز التحقق على هاتفي",),
        "he": ("אני לא מצליח להתחבר לחשבון, הסיסמה לא עובדת.",),
        "ja": ("ログインできません。パスワードの再設定リンクが無効です。",),
        "zh": ("我的账户被锁定了，无法登录，请帮我解锁。",),
        "ko": ("로그인이 안 돼요. 비밀번호 재설정 링크가 만료되었습니다.",),
    },
    "billing": {
        "en": (
            "I was charged twice for my subscription this month.",
            "Why is my invoice higher than my plan price?",
            "How do I export my invoices as PDF?",
            "my credit card payment keeps failing at checkout",
        ),
        "es": ("Me cobraron dos veces la suscripción este mes.",),
        "fr": ("J'ai été facturé deux fois ce mois-ci, problème de facturation.",),
        "de": ("Hallo, die Zahlung mit Kreditkarte funktioniert nicht, Rechnung doppelt.",),
        "pt": ("Fui cobrado duas vezes na fatura deste mês.",),
        "ru": ("Не могу оплатить заказ картой, списали деньги дважды.",),
        "ar": ("تم خصم المبلغ مرتين من بطاقتي هذا الشهر.",),
        "he": ("חייבו אותי פעמיים על המנוי החודש.",),
        "ja": ("今月のサブスクリプション料金が二重に請求されています。",),
        "zh": ("这个月的订阅费被扣了两次，请查一下账单。",),
        "ko": ("이번 달 구독료가 두 번 결제되었습니다.",),
    },
    "bug_report": {
        "en": (
            "The app crashes every time I open the settings page.",
            "Your checkout page is broken 😡😡😡",
            "Error 500 when I upload a file, the page freezes.",
            "bug: the search button does nothing on android",
        ),
        "es": ("La aplicación se cierra sola cada vez que abro la configuración.",),
        "fr": ("L'application plante à chaque fois que j'ouvre les paramètres.",),
        "de": ("Die App stürzt jedes Mal ab, wenn ich die Einstellungen öffne.",),
        "pt": ("O aplicativo trava toda vez que abro as configurações.",),
        "ru": ("Приложение вылетает каждый раз, когда я открываю настройки.",),
        "ar": ("التطبيق يتوقف عن العمل كلما فتحت الإعدادات.",),
        "he": ("האפליקציה קורסת בכל פעם שאני פותח את ההגדרות.",),
        "ja": ("設定画面を開くたびにアプリがクラッシュします。",),
        "zh": ("每次打开设置页面应用就崩溃了。",),
        "ko": ("설정 화면을 열 때마다 앱이 멈춰요.",),
    },
    "cancellation": {
        "en": (
            "Please cancel my subscription, I don't need it anymore.",
            "How do I cancel my order {order} before it ships?",
            "I want to close my account and stop the plan.",
        ),
        "es": ("Quiero cancelar mi suscripción, por favor.",),
        "fr": ("Bonjour, je voudrais annuler ma commande s'il vous plaît.",),
        "de": ("Bitte kündigen Sie mein Abonnement zum Monatsende.",),
        "pt": ("Quero cancelar minha assinatura.",),
        "ru": ("Хочу отменить подписку.",),
        "ar": ("أريد إلغاء اشتراكي من فضلك.",),
        "he": ("אני רוצה לבטל את המנוי שלי.",),
        "ja": ("サブスクリプションを解約したいです。",),
        "zh": ("我想取消我的订阅。",),
        "ko": ("구독을 해지하고 싶습니다.",),
    },
    "address_change": {
        "en": (
            "Can I change the shipping address on order {order}?",
            "I moved, please update my delivery address.",
            "Wrong address on my order, can you fix the street name?",
        ),
        "es": ("¿Pueden ayudarme a cambiar mi dirección de envío?",),
        "fr": ("Je dois changer l'adresse de livraison de la commande {order}.",),
        "de": ("Ich möchte die Lieferadresse für Bestellung {order} ändern.",),
        "pt": ("Preciso mudar o endereço de entrega do pedido {order}.",),
        "ru": ("Нужно изменить адрес доставки для заказа {order}.",),
        "ar": ("أريد تغيير عنوان الشحن للطلب {order}.",),
        "he": ("אני צריך לשנות את כתובת המשלוח.",),
        "ja": ("注文{order}のお届け先住所を変更したいです。",),
        "zh": ("我想修改订单{order}的收货地址。",),
        "ko": ("주문 {order}의 배송 주소를 변경하고 싶어요.",),
    },
    "product_question": {
        "en": (
            "Is there a discount for annual plans? 🤔",
            "Does the pro plan include API access?",
            "What sizes does this jacket come in?",
            "is this product compatible with iphone?",
        ),
        "es": ("¿El plan anual tiene descuento?",),
        "fr": ("Est-ce que ce produit est compatible avec mon téléphone ?",),
        "de": ("Gibt es den Artikel auch in einer anderen Größe?",),
        "pt": ("Oi! Vocês entregam em Porto Alegre? Esse produto tem garantia?",),
        "ru": ("Есть ли скидка на годовой план?",),
        "ar": ("هل يوجد خصم على الاشتراك السنوي؟",),
        "he": ("יש הנחה על מנוי שנתי?",),
        "ja": ("年間プランの割引はありますか？",),
        "zh": ("年度套餐有折扣吗？这个产品支持苹果手机吗？",),
        "ko": ("연간 요금제 할인이 있나요?",),
    },
}

FOLLOWUPS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "refund": {
        "en": (
            "When will the refund show on my card?",
            "I sent the photos of the damaged item, please refund.",
            "Still waiting for my money back.",
        ),
        "es": ("¿Cuándo recibiré el reembolso?",),
        "ja": ("返金はいつになりますか？",),
        "zh": ("退款什么时候到账？",),
    },
    "delivery": {
        "en": (
            "The tracking number still shows no update.",
            "Can you resend the package?",
            "The parcel is still not here.",
        ),
        "fr": ("Le colis n'est toujours pas arrivé.",),
        "ar": ("الشحنة لم تصل حتى الآن.",),
        "zh": ("快递还是没到。",),
    },
    "login": {
        "en": (
            "The new reset link expired too.",
            "Still can't sign in to my account.",
            "The verification code never arrives.",
        ),
        "de": ("Das Passwort geht immer noch nicht.",),
        "he": ("עדיין לא מצליח להתחבר.",),
        "ja": ("まだログインできません。",),
    },
    "billing": {
        "en": (
            "Please refund the duplicate charge on my invoice.",
            "The invoice still shows the wrong amount.",
            "My card was charged again today.",
        ),
        "es": ("La factura sigue mal.",),
        "ko": ("아직도 두 번 결제되어 있어요.",),
    },
    "bug_report": {
        "en": (
            "It crashed again just now.",
            "Here is a screenshot of the error.",
            "Still broken after the update 🙁",
        ),
        "pt": ("Ainda trava depois da atualização.",),
        "ru": ("Приложение всё ещё вылетает.",),
        "zh": ("更新后还是崩溃。",),
    },
    "cancellation": {
        "en": (
            "Has my subscription been cancelled?",
            "Please confirm the cancellation.",
        ),
        "fr": ("Merci de confirmer l'annulation.",),
    },
    "address_change": {
        "en": (
            "The new address is 12 Rua Augusta, Lisbon.",
            "Did you update the shipping address?",
        ),
        "es": ("La nueva dirección es Calle Mayor 5.",),
    },
    "product_question": {
        "en": (
            "Does it come with a warranty?",
            "And is there a student discount?",
        ),
        "de": ("Gibt es eine Garantie?",),
    },
}

_POSITIVE_HINTS: Final = (
    "thank",
    "perfect",
    "works now",
    "solved",
    "شكرا",
    "ありがとう",
    "谢谢",
    "🎉",
)
_NEGATIVE_HINTS: Final = ("still", "broken", "again", "waiting", "didn't", "😡", "🙁")


@dataclass(frozen=True, slots=True)
class Customer:
    """Why the customer of a conversation writes (a :data:`REASONS` code) and in what language."""

    reason: int
    language: str

    @property
    def reason_name(self) -> str:
        """The reason's name.

        >>> Customer(0, "en").reason_name
        'refund'
        """
        return REASONS[self.reason]


def mix(*parts: int) -> int:
    """A well-spread 64-bit hash of integers (splitmix64 steps), for seeded choices.

    >>> mix(1, 2) == mix(1, 2) != mix(2, 1)
    True
    """
    value = 0x9E3779B97F4A7C15
    for part in parts:
        value = (value ^ (part & 0xFFFFFFFFFFFFFFFF)) * 0xBF58476D1CE4E5B9 & 0xFFFFFFFFFFFFFFFF
        value = (value ^ (value >> 31)) * 0x94D049BB133111EB & 0xFFFFFFFFFFFFFFFF
        value ^= value >> 29
    return value


def _unit(*parts: int) -> float:
    """A number in [0, 1) from ``parts``."""
    return (mix(*parts) >> 11) / float(1 << 53)


def _weighted(weights: tuple[float, ...], roll: float) -> int:
    threshold = roll * sum(weights)
    total = 0.0
    for index, weight in enumerate(weights):
        total += weight
        if threshold < total:
            return index
    return len(weights) - 1


def contact_reason(seed: int, c: int, age: float) -> int:
    """The reason code of conversation index ``c``; ``age`` is 0 a year before now, 1 now.

    Bug reports grow over the year (from 5 to 20 in the relative weights), so a
    weekly trend per reason has something to find.
    """
    growth = max(0.0, min(1.0, age))
    weights = tuple(
        float(w) + (15.0 * growth if REASONS[i] == "bug_report" else 0.0)
        for i, w in enumerate(_BASE_WEIGHTS)
    )
    return _weighted(weights, _unit(seed, c, 1))


def customer_language(seed: int, c: int) -> str:
    """The language the customer of conversation index ``c`` writes in."""
    return LANGUAGES[_weighted(tuple(map(float, _LANGUAGE_WEIGHTS)), _unit(seed, c, 2))]


def _order_number(key: int) -> str:
    number = 10_000 + mix(key, 3) % 90_000
    style = mix(key, 4) % 3
    return ("#{}", "{}-B", "A{}")[style].format(number)


def _typo(text: str, key: int) -> str:
    """Swap two neighbouring letters in one longer ASCII word of ``text``."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) > 4 and w.isascii() and w.isalpha()]
    if not candidates:
        return text
    index = candidates[mix(key, 5) % len(candidates)]
    word = words[index]
    at = 1 + mix(key, 6) % (len(word) - 2)
    words[index] = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return " ".join(words)


def _choose(bank: tuple[str, ...], key: int, salt: int) -> str:
    return bank[mix(key, salt) % len(bank)]


def _phrasing(banks: dict[str, tuple[str, ...]], language: str, key: int) -> str:
    bank = banks.get(language) or banks["en"]
    return _choose(bank, key, 7)


def customer_text(reason: int, language: str, key: int, *, first: bool) -> str:
    """A customer's message about ``reason`` in ``language``; ``key`` seeds the noise.

    About one message in twelve is off-topic or hostile (script tags, HTML, an
    empty body, emoji sequences); openers often start with a greeting, carry an
    order number, a typo or a phrase of English in another language.
    """
    name = REASONS[reason]
    noise = _unit(key, 8)
    if noise < 0.04:
        return _choose(HOSTILE_TEXTS, key, 9)
    if not first:
        if noise < 0.45:
            return _choose(CUSTOMER_FOLLOWUPS, key, 10)
        return _phrasing(FOLLOWUPS[name], language, key)
    text = _phrasing(OPENERS[name], language, key).replace("{order}", _order_number(key))
    if _unit(key, 11) < 0.5:
        text = f"{_choose(GREETINGS[language], key, 12)} {text}"
    if language != "en" and _unit(key, 13) < 0.2:
        text = f"{text} / {_choose(OPENERS[name]['en'], key, 14)}".replace(
            "{order}", _order_number(key)
        )
    if _unit(key, 15) < 0.15:
        text = _typo(text, key)
    if _unit(key, 16) < 0.2:
        text = f"{text} (order {_order_number(key + 1)})"
    return text


def message_sentiment(reason: int, text: str, key: int) -> dict[str, Any] | None:
    """The ``sentiment`` of a customer message, or None when the server sent ``{}``.

    Chatwoot's job labels positive or negative with a score (the model's
    confidence) and ``value`` 1 or -1; it skips empty messages, and here one
    message in four has none at all (the job was off or failed).
    """
    if not text.strip() or _unit(key, 17) < 0.25:
        return None
    lowered = text.lower()
    if any(hint in lowered for hint in _POSITIVE_HINTS):
        negative = False
    elif any(hint in lowered for hint in _NEGATIVE_HINTS):
        negative = True
    else:
        negative = _unit(key, 18) < _NEGATIVE_SHARE[reason]
    score = round(0.55 + 0.44 * _unit(key, 19), 4)
    return {
        "label": "negative" if negative else "positive",
        "score": score,
        "value": -1 if negative else 1,
    }


__all__ = [
    "LANGUAGES",
    "REASONS",
    "Customer",
    "contact_reason",
    "customer_language",
    "customer_text",
    "message_sentiment",
    "mix",
]
