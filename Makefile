# The two commands a new user needs: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
INSTALLED := $(VENV)/.installed
MODEL := models/current.tar.gz
TRAINING_INPUTS := config.yml domain.yml $(shell find data -type f -name '*.yml' -o -type f -name '*.txt' 2>/dev/null)
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONPATH := $(CURDIR)

.PHONY: run test venv train prepare validate lint eval lock clean-var help

help:
	@echo "make run    set up everything (venv, model, database) and start all services"
	@echo "make test   run the whole test suite (what CI runs)"
	@echo "make run-cluster   the production topology on one machine (nginx, 2x Rasa/actions/backend)"
	@echo "make load / faults   benchmark and fault drills of the cluster; make test-cluster its e2e tests"
	@echo "make train  retrain the model if data or config changed"
	@echo "make validate / lint / eval / lock / security"
	@echo "make purge  remove what is past its retention window (DRY_RUN=1 only counts)"
	@echo "make nlu-report / baseline / review / review-apply   (trainers: see TRAINING.md)"

# --- environment: one venv on Python 3.10, every dependency from the one pinned file.
venv: $(INSTALLED)
$(INSTALLED): requirements.txt scripts/find-python310
	@interpreter=$$(scripts/find-python310) || exit 1; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then \
	  echo "creating $(VENV) with $$interpreter"; rm -rf $(VENV); "$$interpreter" -m venv $(VENV) || exit 1; \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check 'pip==24.3.1' 2>&1 | grep -v 'is ignored' || true
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.txt 2>&1 | grep -v 'is ignored'; \
	  test $${PIPESTATUS[0]} -eq 0
	$(PY) -m pip check
	@touch $@

# Regenerate requirements.txt from requirements.in in one resolve (maintainers only).
lock:
	@interpreter=$$(scripts/find-python310) && rm -rf /tmp/dsr-lock && "$$interpreter" -m venv /tmp/dsr-lock && \
	/tmp/dsr-lock/bin/pip install --quiet 'pip==24.3.1' && /tmp/dsr-lock/bin/pip install --quiet -r requirements.in && \
	/tmp/dsr-lock/bin/pip check && \
	{ head -2 requirements.txt; /tmp/dsr-lock/bin/pip freeze --all | grep -v -E '^pip=='; } > requirements.txt.new && \
	mv requirements.txt.new requirements.txt && echo "requirements.txt regenerated"

# --- model: retrain only when training data or config changed (make compares file times).
# `rasa train` fingerprints every part: after an NLU-only change it retrains only the NLU pipeline and reuses
# the dialogue policies from .rasa/cache (`rasa train nlu` is no faster and yields an NLU-only model).
train: $(MODEL)
$(MODEL): $(INSTALLED) $(TRAINING_INPUTS)
	@mkdir -p models
	$(RASA) train --fixed-model-name current --out models --quiet
	@touch $@

# --- runtime state: var/, secrets, database schema.
prepare: $(INSTALLED)
	$(PY) -m bot.launch prepare

run: $(INSTALLED) $(MODEL) prepare
	$(VENV)/bin/honcho start -f Procfile

# The production topology on this machine (README "Running at scale"): nginx on 127.0.0.1:18080 in front of
# two Rasa servers, two action servers, two backends, PostgreSQL, Redis and the SMTP sink. Ctrl-C stops all.
.PHONY: run-cluster
run-cluster: $(INSTALLED) $(MODEL)
	$(PY) -m bot.cluster prepare
	$(VENV)/bin/honcho start -f Procfile.cluster

# Benchmarks of the cluster (need `make run-cluster` up): 200 concurrent conversations, then the books.
.PHONY: load
load: $(INSTALLED)
	$(PY) benchmarks/load_cluster.py $(LOAD_ARGS)

# The cluster's own e2e tests (minutes: two Rasa servers start); not part of `make test`.
.PHONY: test-cluster
test-cluster: $(INSTALLED) $(MODEL)
	CLUSTER_TESTS=1 $(VENV)/bin/pytest -q -ra -m cluster tests/e2e

# Fault drills on a cluster of their own (private PostgreSQL and Redis): DRILLS=kill-rasa,smtp-down picks some.
.PHONY: faults
faults: $(INSTALLED) $(MODEL)
	$(PY) benchmarks/faults_cluster.py $(if $(DRILLS),--drills $(DRILLS),) $(FAULTS_ARGS)

# Telegram without a public URL: long-polls the Bot API and forwards to the running `make run` (docs/channels.md).
.PHONY: telegram-polling
telegram-polling: $(INSTALLED)
	TELEGRAM_MODE=polling $(PY) -m bot.channels.telegram_polling

# --- checks
validate: $(INSTALLED)
	$(RASA) data validate --fail-on-warnings --quiet
	$(PY) scripts/check_data.py

# The hostile-input suite (tests/security: every edge, 60+ cases) and the boundary e2e tests.
# `make test` runs tests/security too, inside its one pytest run.
.PHONY: security
security: $(INSTALLED)
	$(VENV)/bin/pytest -q -ra tests/security tests/e2e/test_boundaries.py

lint: $(INSTALLED)
	$(VENV)/bin/ruff check bot actions tests scripts benchmarks
	$(VENV)/bin/ruff format --check --quiet bot actions tests scripts benchmarks

test: $(INSTALLED) $(MODEL) validate lint
	$(VENV)/bin/pytest -q -ra
	$(RASA) test core --stories tests/ --fail-on-prediction-errors --out var/test-results/core --quiet

# --- trainers (TRAINING.md): held-out + cross-validation report, the gate's baseline, the review inbox.
.PHONY: nlu-report baseline review review-apply
nlu-report: $(INSTALLED) $(MODEL)
	$(PY) scripts/nlu_report.py

baseline: $(INSTALLED) $(MODEL)
	$(PY) scripts/nlu_report.py --baseline
	$(PY) scripts/eval_blind.py --model $(MODEL) --lang zh --baseline --out reports/eval

review: $(INSTALLED)
	$(PY) scripts/review.py build

review-apply: $(INSTALLED)
	$(PY) scripts/review.py apply

# Policy Q&A quality on the held-out set (top-1 topic, passage hits, out-of-scope recall, confusion PNG),
# then the share of request conversations (eval/dev, eval/blind) that end as the person wanted (#13).
.PHONY: eval eval-conversations bench bench-api
eval: $(INSTALLED) $(MODEL)
	$(PY) scripts/eval_policy.py --model $(MODEL)
	$(PY) scripts/eval_blind.py --model $(MODEL) --set eval/dev
	$(PY) scripts/eval_blind.py --model $(MODEL) --set eval/dev2
	$(PY) scripts/eval_blind.py --model $(MODEL) --set eval/dev3
	$(PY) scripts/eval_blind.py --model $(MODEL) --set eval/dev4
	$(PY) scripts/eval_blind.py --model $(MODEL) --set eval/dev5
	$(PY) scripts/eval_blind.py --model $(MODEL) --set eval/dev6
	$(PY) scripts/eval_blind.py --model $(MODEL) --set eval/dev7
	$(PY) scripts/eval_blind.py --model $(MODEL) --set eval/dev8
	$(PY) scripts/eval_blind.py --model $(MODEL) --set eval/dev9
	$(PY) scripts/eval_blind.py --model $(MODEL) --set eval/blind
	$(PY) scripts/eval_conversations.py

# Request conversations (eval/blind, eval/dev and eval/dev2 by default; SETS=dev or FILES=…) on a real stack of their own:
# the share that end as the person wanted, per file.
eval-conversations: $(INSTALLED) $(MODEL)
	$(PY) scripts/eval_conversations.py $(foreach set,$(SETS),--set $(set)) $(FILES)

# Benchmarks print figures; they are not tests. bench-api starts its own server; bench needs `make run` up,
# started with the chat rate limits off (README "Measured figures"), or they answer the load "slow down".
bench-api: $(INSTALLED)
	$(PY) benchmarks/bench_api.py
bench: $(INSTALLED)
	$(PY) benchmarks/bench_retrain.py
	$(PY) benchmarks/bench_policy.py --n 50
	$(PY) benchmarks/bench_intake.py --n 10
	$(PY) benchmarks/bench_load.py --levels 1,10,50

# Retention (README "What the assistant keeps"): remove what is past its window now; the backend also
# does this every PURGE_INTERVAL_MINUTES. `make purge DRY_RUN=1` only counts.
.PHONY: purge
purge: $(INSTALLED) prepare
	$(PY) -m bot.retention $(if $(DRY_RUN),--dry-run,)

clean-var:
	rm -rf var
