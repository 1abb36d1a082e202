# One image for every role of the cluster; the role is the command (docker-compose.yml, deploy/helm/).
#   docker run IMAGE prepare | nginx | smtp 1 | backend 1 | actions 1 | rasa 1
# Same entry as `make run-cluster` (Procfile.cluster): `python -m bot.cluster ROLE N` sets the replica's
# ports and shared stores from bot/cluster/topology.py, then becomes `python -m bot.launch ROLE`.
FROM python:3.10-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 TF_CPP_MIN_LOG_LEVEL=2 \
    PYTHONPATH=/app VAR_DIR=/app/var

# nginx (the front) and libpq for psycopg2 from Debian, as on the machine make run-cluster uses.
RUN apt-get update \
    && apt-get install -y --no-install-recommends nginx libpq5 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-deps -r requirements.txt && pip check

# The trained model is built before the image (`make train`) and copied in, never trained at start.
COPY . .
RUN test -f models/current.tar.gz || (echo "run 'make train' before building the image" && false)

RUN useradd --system --home /app dsr && mkdir -p /app/var && chown dsr /app/var
USER dsr

ENTRYPOINT ["python", "-m", "bot.cluster"]
CMD ["rasa", "1"]
