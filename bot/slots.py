"""Slot and form names shared by domain.yml, the actions and the intake rules: written here once.

Plain strings, no Rasa import, so the core (bot/intake) and the adapters (actions/) name the same slot
the same way; tests/bot/test_slots.py checks every name against domain.yml.
"""

from __future__ import annotations

# --- the conversation language (bot/language.py; filled by bot/nlu/language_detector.py)
LANGUAGE, LANGUAGE_PREFERENCE = "language", "language_preference"

# --- the request form (bot/intake/flow.py)
INTAKE_TYPE, INTAKE_SCENARIO, INTAKE_PROCEED = "intake_type", "intake_scenario", "intake_proceed"
INTAKE_NAME, INTAKE_EMAIL, INTAKE_PHONE = "intake_name", "intake_email", "intake_phone"
INTAKE_DETAILS, INTAKE_CODE, INTAKE_CONFIRMED = "intake_details", "intake_code", "intake_confirmed"
INTAKE_RUN_ID, INTAKE_CHALLENGE = "intake_run_id", "intake_challenge_id"
INTAKE_TOKEN = "intake_verification_token"
INTAKE_FAILURES, INTAKE_OUTCOME = "intake_failures", "intake_outcome"
# A question of the form's own is open ("cancel the whole request?"): the next message answers it.
INTAKE_PENDING = "intake_pending"

# --- the status check (bot/intake/status.py)
STATUS_TICKET_ID, STATUS_CODE, STATUS_CHALLENGE = "status_ticket_id", "status_code", "status_challenge_id"
STATUS_RESULT, STATUS_OUTCOME, STATUS_FAILURES = "status_result", "status_outcome", "status_failures"
# The request this conversation filed last and the proof it was filed with: a status check right after it
# uses that proof instead of a second code (#13). Kept past the form's reset, sealed in the tracker store.
RECENT_FILING = "recent_filing"

# --- handoff: set when another action escalates (the policy fallback)
HANDOFF_REASON = "handoff_reason"

# Rasa's own slot naming the field a form asks for next.
REQUESTED_SLOT = "requested_slot"

INTAKE_FORM, STATUS_FORM = "intake_form", "status_form"
FORMS = (INTAKE_FORM, STATUS_FORM)
# Per-field failure counters: three failures offer the /human_handoff button.
FAILURE_SLOTS = (INTAKE_FAILURES, STATUS_FAILURES)
