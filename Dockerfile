# mfa-bot: HTTP mode behind your load balancer or ingress.
#   docker build -t mfa-bot .
#   docker run --env-file .env -p 3000:3000 -v mfa-bot-data:/data mfa-bot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PORT=3000 \
    DATABASE_URL=sqlite:////data/mfa-bot.sqlite3

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
RUN pip install --no-cache-dir . \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin mfabot \
    && mkdir -p /data && chown mfabot /data

USER mfabot
VOLUME ["/data"]
EXPOSE 3000


HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3000'), timeout=4)"

CMD ["mfa-bot", "run", "--http"]
