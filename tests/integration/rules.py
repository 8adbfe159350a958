"""[reminders] lines for tests that want only some reminders: every
milestone kind the daemon knows, and the lines turning the others off."""

KINDS = ("contract_start", "probation_end", "national_agreement_due",
         "renewal_decision_due", "initial_term_end",
         "conversion_window_opens", "conversion_request_deadline",
         "contract_end", "max_service_end", "grade_advancement_eligible",
         "grade_advancement_earliest", "age_limit", "application_deadline")


def others_off(*keep):
    """`KIND = none` for every kind not in keep."""
    return [f"{k} = none" for k in KINDS if k not in keep]
