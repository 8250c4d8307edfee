"""Events the handler must reject with a clear reason, writing nothing. (event, reason fragment)"""

SCHEDULED = {"source": "aws.scheduler", "detail-type": "Scheduled Event"}

BAD_EVENTS = [
    # not an object
    (None, "JSON object"),
    ([], "JSON object"),
    (["2026-02-09"], "JSON object"),
    ("2026-02-09", "JSON object"),
    (20260209, "JSON object"),
    (True, "JSON object"),
    # wrong types
    ({"date": 20260209}, "YYYY-MM-DD"),
    ({"date": None}, "YYYY-MM-DD"),
    ({"date": ["2026-02-09"]}, "YYYY-MM-DD"),
    ({"date": {"y": 2026}}, "YYYY-MM-DD"),
    ({"date": "2026-02-09", "force": "yes"}, "force must be true or false"),
    ({"date": "2026-02-09", "force": 1}, "force must be true or false"),
    ({"date": "2026-02-09", "notify": "yes"}, "notify must be true or false"),
    ({"from": "2026-02-01", "to": "2026-02-09", "notify": True}, "unknown field"),
    # malformed dates
    ({"date": ""}, "YYYY-MM-DD"),
    ({"date": "2026-2-9"}, "YYYY-MM-DD"),
    ({"date": "09-02-2026"}, "YYYY-MM-DD"),
    ({"date": "2026/02/09"}, "YYYY-MM-DD"),
    ({"date": "2026-02-09T00:00:00Z"}, "YYYY-MM-DD"),
    ({"date": " 2026-02-09"}, "YYYY-MM-DD"),
    ({"date": "2026-02-09\n"}, "YYYY-MM-DD"),
    ({"date": "２０２６-０２-０９"}, "YYYY-MM-DD"),
    ({"date": "../../etc"}, "YYYY-MM-DD"),
    # impossible, future, too early
    ({"date": "2026-02-30"}, "not a real calendar day"),
    ({"date": "2025-02-29"}, "not a real calendar day"),
    ({"date": "2026-13-01"}, "not a real calendar day"),
    ({"date": "2026-00-10"}, "not a real calendar day"),
    ({"date": "2999-01-01"}, "future"),
    ({"date": "2023-05-03"}, "before HF Daily Papers began"),
    ({"date": "1999-12-31"}, "before HF Daily Papers began"),
    # ranges
    ({"from": "2026-02-09", "to": "2026-02-01"}, "after"),
    ({"from": "2026-02-01"}, 'both "from" and "to"'),
    ({"to": "2026-02-01"}, 'both "from" and "to"'),
    ({"from": "2023-06-01", "to": "2026-02-01"}, "at most"),
    ({"from": "2023-05-01", "to": "2023-05-10"}, "before HF Daily Papers began"),
    ({"from": "2026-02-01", "to": "2999-01-01"}, "future"),
    ({"from": "2026-02-01", "to": "2026-02-09", "date": "2026-02-05"}, "unknown field"),
    # actions and extra fields
    ({"action": "delete"}, "unknown action"),
    ({"action": "REBUILD"}, "unknown action"),
    ({"action": None}, "unknown action"),
    ({"action": "rebuild", "force": True}, "unknown field"),
    ({"date": "2026-02-09", "extra": 1}, "unknown field"),
    ({"date": "2026-02-09", "Date": "2026-02-08"}, "unknown field"),
    ({}, "unrecognised event"),
    ({"body": '{"date": "2026-02-09"}'}, "unrecognised event"),
    # scheduler events without a usable time
    (SCHEDULED, "time"),
    ({**SCHEDULED, "time": "yesterday"}, "time"),
    ({**SCHEDULED, "time": "2026-02-10T00:15:00"}, "no time zone"),
    ({**SCHEDULED, "time": 1770682500}, "time"),
    ({**SCHEDULED, "time": "2026-02-10T00:15:00+24:00"}, "time"),  # offsets must be under a day
    ({**SCHEDULED, "time": "2026-02-10T00:15:00-99:99"}, "time"),
    ({**SCHEDULED, "time": "+10000-01-01T00:00:00Z"}, "time"),
    # scheduler events at impossible times: out of range, before HF, far in the future
    ({**SCHEDULED, "time": "0001-01-01T00:00:00Z"}, "out of range"),  # no day before it
    ({**SCHEDULED, "time": "0001-01-01T00:00:00+01:00"}, "out of range"),  # before year 1 in UTC
    ({**SCHEDULED, "time": "9999-12-31T23:00:00-05:00"}, "out of range"),  # after year 9999 in UTC
    ({**SCHEDULED, "time": "0001-01-02T00:00:00Z"}, "before HF Daily Papers began"),
    ({**SCHEDULED, "time": "1970-01-01T00:00:00Z"}, "before HF Daily Papers began"),
    ({**SCHEDULED, "time": "2023-05-04T23:59:59Z"}, "before HF Daily Papers began"),  # asks for 2023-05-03
    ({**SCHEDULED, "time": "2099-01-01T00:15:00Z"}, "more than a day after now"),
    ({**SCHEDULED, "time": "9999-12-31T23:59:59+00:00"}, "more than a day after now"),
]


def case_id(case: object) -> str:
    """A readable test id: a scheduler event by its time, anything else by its start."""
    if isinstance(case, dict) and case.get("source") == "aws.scheduler":
        return f"scheduled@{case.get('time')!r}"
    return repr(case)[:60]
