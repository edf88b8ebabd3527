"""The TIMEX3 value grammar of TimeML 1.2.1 (section 2.2.1.1), as one regular expression.

Years are four digits (or a decade ``199X``, a century ``19``, unknown ``XXXX``); dateline also
writes a range as ``start/end``.
"""

from __future__ import annotations

import re

_YEAR = r"(?:\d{4}|\d{3}X|\d{2}XX|XXXX|\d{2}|BC\d{4})"
_PART_OF_DAY = r"(?:MO|MI|AF|EV|NI|DT)"
_CLOCK = rf"T(?:\d{{2}}(?::\d{{2}}(?::\d{{2}}(?:\.\d+)?)?)?|{_PART_OF_DAY}|XX(?::XX)?)"
_DATE = (
    rf"{_YEAR}"
    r"(?:-(?:\d{2}|XX)(?:-(?:\d{2}|XX))?"
    r"|-W(?:\d{2}|XX)(?:-(?:\d|WE|X))?"
    r"|-(?:Q\d|QX|H\d|HX|SP|SU|FA|WI))?"
    rf"(?:{_CLOCK})?"
)
_UNITS = r"(?:(?:[\d.]+|X)(?:Y|M|W|D|WE|H|Q|DE|CE|ML|L|NI|MO|AF|EV))+"
_CLOCK_UNITS = r"T(?:(?:[\d.]+|X)(?:H|M|S))+"
_DURATION = rf"P(?:{_UNITS}(?:{_CLOCK_UNITS})?|{_CLOCK_UNITS})"
_SPECIAL = r"PRESENT_REF|PAST_REF|FUTURE_REF"
_SINGLE = rf"(?:{_DATE}|{_DURATION}|{_SPECIAL})"
TIMEX3_VALUE = re.compile(rf"{_SINGLE}(?:/{_SINGLE})?")  # dateline writes ranges as A/B
