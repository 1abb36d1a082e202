"""Bearer-token guard for every /api route, as pure ASGI middleware so no route can forget it."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from bot.dsr_api.routes import OPERATIONS
from bot.secrets_compare import bearer_token, same_secret
from bot.web.errors import error_response

PUBLIC_API_PATHS = frozenset(op.path for op in OPERATIONS if op.public)


class BearerAuth:
    """Answer 401 before routing when the Authorization header does not carry DSR_API_TOKEN."""

    def __init__(self, app: ASGIApp, *, token: str, prefix: str = "/api") -> None:
        if not token:
            raise ValueError("DSR_API_TOKEN is empty; refusing to serve an unprotected API")
        self.app, self._token, self._prefix = app, token.encode(), prefix

    def _allowed(self, scope: Scope) -> bool:
        """Constant-time comparison of the presented token."""
        for name, value in scope.get("headers", []):
            if name == b"authorization":
                return same_secret(bearer_token(value), self._token)
        return False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        protected = scope["type"] == "http" and path.startswith(self._prefix) and path not in PUBLIC_API_PATHS
        if protected and not self._allowed(scope):
            response = error_response(401, "unauthorized", "缺少或错误的访问令牌。")
            response.headers["WWW-Authenticate"] = "Bearer"
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
