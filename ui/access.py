"""Sign-in in the app: who this browser session is, the sign-in screen, and signing out.

Whether sign-in is on, and the password's check and rate limit, are ``converters.access``'s. Here:
with OpenID Connect (``[auth]`` in ``.streamlit/secrets.toml``) the user is ``st.user`` (Streamlit
keeps them in a signed cookie, so a reload keeps them signed in); with the team password it is the
name they gave, kept in this session (a reload asks again). The signed-in user is recorded as the
``author`` of what they convert.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import streamlit as st

from converters import Settings
from converters.access import SignInLimiter, password_matches
from converters.settings import Secret
from converters.store import MAX_AUTHOR_CHARS
from ui import session
from ui.safe_text import md_text

logger = logging.getLogger(__name__)

LOCAL_CLIENT = "local"
"""The rate limit's name for a browser on this machine (``st.context.ip_address`` is ``None``)."""


@dataclass(frozen=True)
class Visitor:
    """This browser session: whether the app asks for sign-in, and who signed in (``None``: nobody)."""

    sign_in: bool
    user: str | None = None

    @property
    def allowed(self) -> bool:
        """Whether the whole app is open to them (signed in, or sign-in is off)."""
        return not self.sign_in or self.user is not None


def oidc_on() -> bool:
    """Whether ``st.login`` is configured: an ``[auth]`` table in the secrets Streamlit reads."""
    return bool(st.secrets.load_if_toml_exists() and st.secrets.get("auth"))


def visitor(settings: Settings) -> Visitor:
    """Who this session is. With OIDC, the identity provider's e-mail (else name) of ``st.user``."""
    oidc = oidc_on()
    if not oidc and settings.team_password is None:
        return Visitor(sign_in=False)
    if oidc and st.user.is_logged_in:
        claims = st.user.to_dict()
        who = next((str(claims[k]) for k in ("email", "name", "sub") if claims.get(k)), "")
        if who:
            return Visitor(sign_in=True, user=who[:MAX_AUTHOR_CHARS])
    name = st.session_state.get(session.SIGNED_IN_AS)
    return Visitor(sign_in=True, user=str(name) if name else None)


def author(settings: Settings) -> str:
    """What a conversion saved now records as its author: the signed-in user, or nobody."""
    return visitor(settings).user or ""


@st.cache_resource(show_spinner=False)
def _limiter() -> SignInLimiter:
    """One rate limit per server process, shared by every session."""
    return SignInLimiter()


def sign_in_screen(settings: Settings) -> None:
    """The page a visitor who has not signed in gets instead of the app."""
    st.title("Sign in to Handoff")
    st.caption("This Handoff is shared by a team: sign in to convert designs and open the library.")
    if oidc_on() and st.button("Sign in with your account", type="primary", icon=":material/login:"):
        st.login()
    if settings.team_password is not None:
        if oidc_on():
            st.divider()
            st.caption("Or, without an account, with the team's password:")
        _password_form(settings)


def _password_form(settings: Settings) -> None:
    assert settings.team_password is not None
    address = st.context.ip_address
    client = address if isinstance(address, str) and address else LOCAL_CLIENT
    narrow, _ = st.columns([2, 3])  # a two-field form across a wide window reads as a banner
    with narrow, st.form("sign-in", border=True, enter_to_submit=True):
        name = st.text_input(
            "Your name", max_chars=MAX_AUTHOR_CHARS, help="Recorded as the author of what you convert."
        )
        password = st.text_input("Team password", type="password")
        submitted = st.form_submit_button("Sign in", type="primary", icon=":material/login:")
    if not submitted:
        return
    with narrow:
        _check(settings.team_password, client, name, password)


def _check(expected: Secret, client: str, name: str, password: str) -> None:
    """Sign the session in as ``name`` if ``password`` is the team's, or say why not."""
    wait = _limiter().wait_s(client)
    if wait > 0:
        st.error(f"Too many wrong passwords. Wait {wait:.0f} s, then try again.", icon=":material/timer:")
        return
    who = " ".join(name.split())
    if not who:
        st.error("Give your name: it is recorded as the author of what you convert.", icon=":material/badge:")
        return
    if not password_matches(password, expected):
        _limiter().failed(client)
        logger.warning("a wrong team password was given (client %s)", client)
        st.error("That is not the team's password.", icon=":material/key_off:")
        return
    st.session_state[session.SIGNED_IN_AS] = who
    st.rerun()


def sign_in_page() -> None:
    """The sign-in screen as a page of the navigation (``st.Page``: no arguments)."""
    sign_in_screen(session.settings(gated=False))


def signed_in_bar(who: Visitor) -> None:
    """In the sidebar: who is signed in, and a way to sign out."""
    if not who.sign_in or who.user is None:
        return
    with st.sidebar:
        st.caption(f":material/person: Signed in as {md_text(who.user)}")
        if st.button("Sign out", icon=":material/logout:", key="sign-out"):
            # Nothing of theirs stays for the next person at this browser: results, keys typed.
            signed_with_password = session.SIGNED_IN_AS in st.session_state
            st.session_state.clear()
            if oidc_on() and st.user.is_logged_in and not signed_with_password:
                st.logout()  # drops Streamlit's identity cookie, then the provider's session
                st.stop()  # not st.rerun(): a rerun can overtake the browser's redirect
            st.rerun()
