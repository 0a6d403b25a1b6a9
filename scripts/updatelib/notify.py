"""Email the run summary when a run failed or a member source failed 3 runs in a row.

SMTP settings come from the environment only:

| variable | meaning |
|---|---|
| ``SMTP_HOST`` | server; unset = no email (the status page still shows everything) |
| ``SMTP_PORT`` | default 587 (``starttls``), 465 (``ssl``) or 25 (``none``) |
| ``SMTP_SECURITY`` | ``starttls`` (default), ``ssl`` or ``none`` |
| ``SMTP_USER`` / ``SMTP_PASSWORD`` | login, when the server wants one |
| ``SMTP_FROM`` | sender address |
| ``SMTP_TO`` | recipients, separated by commas |
"""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

STREAK_ALERT = 3
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


class NotifyError(RuntimeError):
    """Email could not be sent (the run's outcome is unchanged; the report notes it)."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str
    user: str | None
    password: str | None
    sender: str
    recipients: tuple[str, ...]

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "SmtpSettings | None":
        env = dict(os.environ if env is None else env)
        host = env.get("SMTP_HOST", "").strip()
        if not host:
            return None
        security = env.get("SMTP_SECURITY", "starttls").strip().lower()
        if security not in DEFAULT_PORTS:
            raise NotifyError(f"SMTP_SECURITY={security!r}: use starttls, ssl or none")
        recipients = tuple(a.strip() for a in env.get("SMTP_TO", "").split(",") if a.strip())
        sender = env.get("SMTP_FROM", "").strip()
        if not recipients or not sender:
            raise NotifyError("SMTP_HOST is set but SMTP_FROM or SMTP_TO is empty: set both "
                              "(SMTP_TO may list several addresses separated by commas)")
        port = int(env.get("SMTP_PORT") or DEFAULT_PORTS[security])
        return cls(host, port, security, env.get("SMTP_USER") or None, env.get("SMTP_PASSWORD") or None,
                   sender, recipients)


def send(settings: SmtpSettings, subject: str, body: str, timeout: float = 30) -> None:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.sender
    message["To"] = ", ".join(settings.recipients)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    message.set_content(body, charset="utf-8")
    try:
        if settings.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port, timeout=timeout,
                                                    context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
        with client:
            if settings.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if settings.user:
                client.login(settings.user, settings.password or "")
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise NotifyError(f"email to {', '.join(settings.recipients)} via {settings.host}:{settings.port} "
                          f"failed: {exc}") from exc


def reasons_to_notify(failed_step: str | None, streaks: dict[str, object]) -> list[str]:
    """Why this run must be reported (empty: no email).

    A source is reported once, in the run where it reaches 3 failures in a row;
    the status page keeps showing it until it recovers.
    """
    reasons = []
    if failed_step:
        reasons.append(f"运行失败（步骤：{failed_step}）")
    for streak in streaks.values():
        if getattr(streak, "count", 0) == STREAK_ALERT:
            reasons.append(f"会员来源 {streak.member}/{streak.column} 已连续失败 {STREAK_ALERT} 次")  # type: ignore[attr-defined]
    return reasons
