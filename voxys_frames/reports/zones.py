"""Which time zone Chatwoot's ``timezone_offset`` parameter means.

Chatwoot's reports take an hour offset (``timezone_offset=-3``, ``5.5``) and turn it
into a zone with ``TimezoneHelper#timezone_name_from_offset``
(``app/helpers/timezone_helper.rb``): the first zone of ActiveSupport's list
(``ActiveSupport::TimeZone.all``, sorted by standard offset, then by name) whose
offset *at the time of the query* equals it. Buckets then follow that zone's
daylight saving over the whole range: ``-3`` is Atlantic Time (Canada) while
Halifax is on summer time and Santiago otherwise, never Brasilia; ``5.5`` is
Chennai; ``0`` is Azores in the northern summer and Dublin otherwise.

Examples
--------
>>> from datetime import datetime, UTC
>>> zone_for_offset(-3, at=datetime(2026, 7, 1, tzinfo=UTC))
RailsZone(name='Atlantic Time (Canada)', key='America/Halifax')
>>> zone_for_offset(-3, at=datetime(2026, 1, 15, tzinfo=UTC)).name
'Santiago'
>>> zone_for_offset(5.5).key
'Asia/Kolkata'
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final, NamedTuple
from zoneinfo import ZoneInfo

from voxys_frames.exceptions import ConfigurationError

RAILS_ZONES: Final[tuple[tuple[str, str], ...]] = (
    ("International Date Line West", "Etc/GMT+12"),
    ("Midway Island", "Pacific/Midway"),
    ("American Samoa", "Pacific/Pago_Pago"),
    ("Hawaii", "Pacific/Honolulu"),
    ("Alaska", "America/Juneau"),
    ("Pacific Time (US & Canada)", "America/Los_Angeles"),
    ("Tijuana", "America/Tijuana"),
    ("Mountain Time (US & Canada)", "America/Denver"),
    ("Arizona", "America/Phoenix"),
    ("Chihuahua", "America/Chihuahua"),
    ("Mazatlan", "America/Mazatlan"),
    ("Central Time (US & Canada)", "America/Chicago"),
    ("Saskatchewan", "America/Regina"),
    ("Guadalajara", "America/Mexico_City"),
    ("Mexico City", "America/Mexico_City"),
    ("Monterrey", "America/Monterrey"),
    ("Central America", "America/Guatemala"),
    ("Eastern Time (US & Canada)", "America/New_York"),
    ("Indiana (East)", "America/Indiana/Indianapolis"),
    ("Bogota", "America/Bogota"),
    ("Lima", "America/Lima"),
    ("Quito", "America/Lima"),
    ("Atlantic Time (Canada)", "America/Halifax"),
    ("Caracas", "America/Caracas"),
    ("La Paz", "America/La_Paz"),
    ("Santiago", "America/Santiago"),
    ("Newfoundland", "America/St_Johns"),
    ("Brasilia", "America/Sao_Paulo"),
    ("Buenos Aires", "America/Argentina/Buenos_Aires"),
    ("Montevideo", "America/Montevideo"),
    ("Georgetown", "America/Guyana"),
    ("Puerto Rico", "America/Puerto_Rico"),
    ("Greenland", "America/Godthab"),
    ("Mid-Atlantic", "Atlantic/South_Georgia"),
    ("Azores", "Atlantic/Azores"),
    ("Cape Verde Is.", "Atlantic/Cape_Verde"),
    ("Dublin", "Europe/Dublin"),
    ("Edinburgh", "Europe/London"),
    ("Lisbon", "Europe/Lisbon"),
    ("London", "Europe/London"),
    ("Casablanca", "Africa/Casablanca"),
    ("Monrovia", "Africa/Monrovia"),
    ("UTC", "Etc/UTC"),
    ("Belgrade", "Europe/Belgrade"),
    ("Bratislava", "Europe/Bratislava"),
    ("Budapest", "Europe/Budapest"),
    ("Ljubljana", "Europe/Ljubljana"),
    ("Prague", "Europe/Prague"),
    ("Sarajevo", "Europe/Sarajevo"),
    ("Skopje", "Europe/Skopje"),
    ("Warsaw", "Europe/Warsaw"),
    ("Zagreb", "Europe/Zagreb"),
    ("Brussels", "Europe/Brussels"),
    ("Copenhagen", "Europe/Copenhagen"),
    ("Madrid", "Europe/Madrid"),
    ("Paris", "Europe/Paris"),
    ("Amsterdam", "Europe/Amsterdam"),
    ("Berlin", "Europe/Berlin"),
    ("Bern", "Europe/Zurich"),
    ("Zurich", "Europe/Zurich"),
    ("Rome", "Europe/Rome"),
    ("Stockholm", "Europe/Stockholm"),
    ("Vienna", "Europe/Vienna"),
    ("West Central Africa", "Africa/Algiers"),
    ("Bucharest", "Europe/Bucharest"),
    ("Cairo", "Africa/Cairo"),
    ("Helsinki", "Europe/Helsinki"),
    ("Kyiv", "Europe/Kiev"),
    ("Riga", "Europe/Riga"),
    ("Sofia", "Europe/Sofia"),
    ("Tallinn", "Europe/Tallinn"),
    ("Vilnius", "Europe/Vilnius"),
    ("Athens", "Europe/Athens"),
    ("Istanbul", "Europe/Istanbul"),
    ("Minsk", "Europe/Minsk"),
    ("Jerusalem", "Asia/Jerusalem"),
    ("Harare", "Africa/Harare"),
    ("Pretoria", "Africa/Johannesburg"),
    ("Kaliningrad", "Europe/Kaliningrad"),
    ("Moscow", "Europe/Moscow"),
    ("St. Petersburg", "Europe/Moscow"),
    ("Volgograd", "Europe/Volgograd"),
    ("Samara", "Europe/Samara"),
    ("Kuwait", "Asia/Kuwait"),
    ("Riyadh", "Asia/Riyadh"),
    ("Nairobi", "Africa/Nairobi"),
    ("Baghdad", "Asia/Baghdad"),
    ("Tehran", "Asia/Tehran"),
    ("Abu Dhabi", "Asia/Muscat"),
    ("Muscat", "Asia/Muscat"),
    ("Baku", "Asia/Baku"),
    ("Tbilisi", "Asia/Tbilisi"),
    ("Yerevan", "Asia/Yerevan"),
    ("Kabul", "Asia/Kabul"),
    ("Ekaterinburg", "Asia/Yekaterinburg"),
    ("Islamabad", "Asia/Karachi"),
    ("Karachi", "Asia/Karachi"),
    ("Tashkent", "Asia/Tashkent"),
    ("Chennai", "Asia/Kolkata"),
    ("Kolkata", "Asia/Kolkata"),
    ("Mumbai", "Asia/Kolkata"),
    ("New Delhi", "Asia/Kolkata"),
    ("Kathmandu", "Asia/Kathmandu"),
    ("Astana", "Asia/Dhaka"),
    ("Dhaka", "Asia/Dhaka"),
    ("Sri Jayawardenepura", "Asia/Colombo"),
    ("Almaty", "Asia/Almaty"),
    ("Novosibirsk", "Asia/Novosibirsk"),
    ("Rangoon", "Asia/Rangoon"),
    ("Bangkok", "Asia/Bangkok"),
    ("Hanoi", "Asia/Bangkok"),
    ("Jakarta", "Asia/Jakarta"),
    ("Krasnoyarsk", "Asia/Krasnoyarsk"),
    ("Beijing", "Asia/Shanghai"),
    ("Chongqing", "Asia/Chongqing"),
    ("Hong Kong", "Asia/Hong_Kong"),
    ("Urumqi", "Asia/Urumqi"),
    ("Kuala Lumpur", "Asia/Kuala_Lumpur"),
    ("Singapore", "Asia/Singapore"),
    ("Taipei", "Asia/Taipei"),
    ("Perth", "Australia/Perth"),
    ("Irkutsk", "Asia/Irkutsk"),
    ("Ulaanbaatar", "Asia/Ulaanbaatar"),
    ("Seoul", "Asia/Seoul"),
    ("Osaka", "Asia/Tokyo"),
    ("Sapporo", "Asia/Tokyo"),
    ("Tokyo", "Asia/Tokyo"),
    ("Yakutsk", "Asia/Yakutsk"),
    ("Darwin", "Australia/Darwin"),
    ("Adelaide", "Australia/Adelaide"),
    ("Canberra", "Australia/Melbourne"),
    ("Melbourne", "Australia/Melbourne"),
    ("Sydney", "Australia/Sydney"),
    ("Brisbane", "Australia/Brisbane"),
    ("Hobart", "Australia/Hobart"),
    ("Vladivostok", "Asia/Vladivostok"),
    ("Guam", "Pacific/Guam"),
    ("Port Moresby", "Pacific/Port_Moresby"),
    ("Magadan", "Asia/Magadan"),
    ("Srednekolymsk", "Asia/Srednekolymsk"),
    ("Solomon Is.", "Pacific/Guadalcanal"),
    ("New Caledonia", "Pacific/Noumea"),
    ("Fiji", "Pacific/Fiji"),
    ("Kamchatka", "Asia/Kamchatka"),
    ("Marshall Is.", "Pacific/Majuro"),
    ("Auckland", "Pacific/Auckland"),
    ("Wellington", "Pacific/Auckland"),
    ("Nuku'alofa", "Pacific/Tongatapu"),
    ("Tokelau Is.", "Pacific/Fakaofo"),
    ("Chatham Is.", "Pacific/Chatham"),
    ("Samoa", "Pacific/Apia"),
)
"""ActiveSupport::TimeZone::MAPPING: Rails zone names and their IANA keys, in its order."""


class RailsZone(NamedTuple):
    """A zone of ActiveSupport's list: its Rails name and its IANA key."""

    name: str
    key: str


def _offset(key: str, at: datetime) -> int:
    delta = at.astimezone(ZoneInfo(key)).utcoffset()
    return int(delta.total_seconds()) if delta is not None else 0


def standard_offset(key: str, at: datetime) -> int:
    """The zone's standard offset in seconds around ``at`` (TZInfo's ``base_utc_offset``).

    The smaller of the offsets the zone uses in the year around ``at``: daylight
    saving only ever adds time in the data TZInfo reads (Dublin's winter time is
    its standard, whatever Python's ``dst()`` says).

    >>> standard_offset("Europe/Dublin", datetime(2026, 7, 1, tzinfo=UTC))
    0
    >>> standard_offset("America/Santiago", datetime(2026, 1, 1, tzinfo=UTC))
    -14400
    """
    return min(_offset(key, at + timedelta(days=days)) for days in range(-182, 183, 14))


def rails_zones(at: datetime) -> list[RailsZone]:
    """``ActiveSupport::TimeZone.all`` at ``at``: sorted by standard offset, then name.

    >>> rails_zones(datetime(2026, 1, 1, tzinfo=UTC))[0]
    RailsZone(name='International Date Line West', key='Etc/GMT+12')
    """
    return sorted(
        (RailsZone(name, key) for name, key in RAILS_ZONES),
        key=lambda zone: (standard_offset(zone.key, at), zone.name),
    )


def zone_for_offset(offset: float, *, at: datetime | None = None) -> RailsZone:
    """The zone Chatwoot picks for ``timezone_offset`` hours, queried at ``at`` (default now).

    >>> zone_for_offset(0, at=datetime(2026, 7, 1, tzinfo=UTC)).name
    'Azores'
    >>> zone_for_offset(0, at=datetime(2026, 1, 15, tzinfo=UTC)).name
    'Dublin'
    """
    when = at if at is not None else datetime.now(UTC)
    seconds = offset * 3600
    for zone in rails_zones(when):
        if _offset(zone.key, when) == seconds:
            return zone
    msg = f"no time zone has the offset {offset} hours at {when.isoformat()}"
    raise ConfigurationError(msg)
