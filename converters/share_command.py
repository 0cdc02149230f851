"""``handoff share ID``: print a conversion's read-only link (made if it has none); ``--revoke``
takes it back. The link is app-relative (``?s=<token>``): put it after the app's address.
See ``converters.store.shares``."""

from __future__ import annotations

import argparse
import sys

from converters.errors import NotFoundError
from converters.settings import Settings
from converters.store import Store
from converters.store.shares import share_url


def add_share_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    share = commands.add_parser(
        "share", help="print a conversion's read-only link (made if it has none), or revoke it"
    )
    share.add_argument("id", help="the conversion's id (see `handoff list`)")
    share.add_argument("--revoke", action="store_true", help="revoke its link: it stops working at once")
    share.set_defaults(run=_share)


def _share(args: argparse.Namespace, settings: Settings) -> int:
    store = Store.open(settings)
    try:
        if args.revoke:
            if store.revoke_share(args.id):
                print(f"The link of {args.id} is revoked; `handoff share {args.id}` makes a new one.")
            else:
                print(f"{args.id} had no active link.", file=sys.stderr)
            return 0
        token = store.share(args.id)
    except NotFoundError as exc:
        print(f"handoff: {exc} `handoff list` shows the saved conversions.", file=sys.stderr)
        return 2
    finally:
        store.close()
    print(share_url(token))
    print(
        "A read-only view of this conversion for anyone with the link: put it after the app's address "
        f"(http://HOST:PORT/{share_url('…')}). `handoff share {args.id} --revoke` takes it back.",
        file=sys.stderr,
    )
    return 0
