"""The rotating check-in code a briefing's leader shows as a QR code.

A code names the briefing and is signed with the project's secret key and timestamped. The
leader's page fetches a new one every CHECKIN_ROTATE_SECONDS; a code is accepted for
CHECKIN_VALID_SECONDS after it was made (long enough to scan and load on a slow phone, too short
for a photo sent to someone at home). Nothing is stored.
"""

import enum

from django.core import signing

SALT = "training.briefing-check-in"
CHECKIN_ROTATE_SECONDS = 20
CHECKIN_VALID_SECONDS = 60
# Someone without a login picks their name from the invited list after scanning: the pick may
# take longer than a code lives, and only puts them on the list for the leader to confirm.
PICK_VALID_SECONDS = 10 * 60


class CodeState(enum.StrEnum):
    VALID = "valid"
    FORGED = "forged"
    EXPIRED = "expired"


def make_checkin_code(briefing_id: int) -> str:
    return signing.dumps({"b": briefing_id}, salt=SALT)


def check_checkin_code(code: str, *, max_age: int = CHECKIN_VALID_SECONDS):
    """(state, briefing id or None)."""
    try:
        payload = signing.loads(code, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        return CodeState.EXPIRED, None
    except signing.BadSignature:
        return CodeState.FORGED, None
    if not isinstance(payload, dict) or not isinstance(payload.get("b"), int):
        return CodeState.FORGED, None
    return CodeState.VALID, payload["b"]
