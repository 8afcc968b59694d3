"""The enrolment-code check the two-factor set-up page calls (edgecare.two_factor).

`accept` checks a code typed by the person setting up; `redeem` uses it up when their
authenticator is confirmed. Logs carry user and code ids, never a code.
"""

from __future__ import annotations

import logging

from django.db import transaction

from staff.models import EnrolmentCode

log = logging.getLogger("staff.enrolment")


def accept(user, code: str) -> int | None:
    """The id of `user`'s outstanding code matching `code`, or None."""
    for candidate in EnrolmentCode.objects.outstanding().filter(user=user):
        if candidate.matches(code):
            log.info("enrolment code accepted user=%s code_id=%s", user.pk, candidate.pk)
            return candidate.pk
    log.warning("enrolment code refused user=%s", user.pk)
    return None


def redeem(user, code_id: int) -> bool:
    """Use the accepted code up, if it is still outstanding: a code enrols one device, once."""
    with transaction.atomic():
        code = (
            EnrolmentCode.objects.outstanding()
            .select_for_update()
            .filter(user=user, pk=code_id)
            .first()
        )
        if code is None:
            log.warning("enrolment code no longer valid user=%s code_id=%s", user.pk, code_id)
            return False
        code.mark_used()
    log.info("enrolment code used user=%s code_id=%s", user.pk, code_id)
    return True
