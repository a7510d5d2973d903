#!/usr/bin/env python3
"""A small command-line client of the OrderDesk API: submits orders and follows them live.

    orderdesk_client.py submit SOL USDC 0.5            # market order, then its status events
    orderdesk_client.py submit SOL USDC 1 --type limit --limit-price 200 --expires 600
    orderdesk_client.py watch ORDER_ID                  # an order's stream (snapshot, then live)
    orderdesk_client.py quote SOL USDC 1                # both venues' quotes, without executing
    orderdesk_client.py list --status confirmed --limit 5
    orderdesk_client.py cancel ORDER_ID

The server is --url or $ORDERDESK_URL (default http://127.0.0.1:3000); the API token, when the
server has one, is --token or $ORDERDESK_API_TOKEN. Needs python3-requests and python3-websocket
(Debian) or `pip install requests websocket-client`. Exit status: 0 when a followed order is
confirmed (or a command succeeded), 1 when it ended otherwise or the server refused, 2 on bad use.
"""
import argparse
import json
import os
import sys

import requests
import websocket

TERMINAL = {"confirmed", "failed", "cancelled", "expired"}


class Client:
    def __init__(self, url, token):
        self.url = url.rstrip("/")
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = "Bearer " + token

    def call(self, method, path, **kwargs):
        response = self.session.request(method, self.url + path, timeout=30, **kwargs)
        try:
            body = response.json()
        except ValueError:
            body = {"error": {"code": "not_json", "message": response.text[:200]}}
        if response.status_code >= 400:
            error = body.get("error", {})
            field = " (field %s)" % error["field"] if error.get("field") else ""
            raise SystemExit("error %d %s: %s%s" % (response.status_code, error.get("code"),
                                                    error.get("message"), field))
        return body

    def follow(self, order_id):
        """Prints the order's stream until its terminal status; returns that status."""
        ws_url = self.url.replace("http", "ws", 1) + "/api/orders/execute?orderId=" + order_id
        socket = websocket.create_connection(ws_url, timeout=120)
        status = None
        try:
            while status not in TERMINAL:
                message = json.loads(socket.recv())
                kind = message.get("type")
                if kind == "snapshot":
                    for event in message.get("history", []):
                        status = show(event)
                elif kind == "status":
                    status = show(message)
                elif kind == "error":
                    raise SystemExit("error: %s" % message["error"]["message"])
        except websocket.WebSocketConnectionClosedException:
            pass
        finally:
            socket.close()
        return status


def show(event):
    status = event["status"]
    line = "%s  %-10s attempt %s" % (event.get("ts", ""), status, event.get("attempt", ""))
    if status == "building" and "route" in event:
        line += "  route: %s" % event["route"].get("venue", "")
    if status == "submitted":
        line += "  signature %s" % event.get("signature", "")[:16]
    if status == "confirmed":
        line += "  out %s at %s on %s (tx %s)" % (event.get("amountOut"), event.get("executedPrice"),
                                                event.get("venue"), event.get("txHash", "")[:16])
    if status in ("retrying", "failed") and "code" in event:
        line += "  %s: %s" % (event["code"], event.get("message", ""))
    print(line, flush=True)
    return status


def main():
    parser = argparse.ArgumentParser(description="OrderDesk command-line client")
    parser.add_argument("--url", default=os.environ.get("ORDERDESK_URL", "http://127.0.0.1:3000"))
    parser.add_argument("--token", default=os.environ.get("ORDERDESK_API_TOKEN", ""))
    commands = parser.add_subparsers(dest="command", required=True)

    submit = commands.add_parser("submit", help="submit an order and follow it")
    submit.add_argument("token_in")
    submit.add_argument("token_out")
    submit.add_argument("amount")
    submit.add_argument("--type", default="market", choices=["market", "limit", "sniper"])
    submit.add_argument("--limit-price")
    submit.add_argument("--expires", type=int, help="seconds a limit or sniper order may wait")
    submit.add_argument("--slippage-bps", type=int)
    submit.add_argument("--exact-out", action="store_true", help="amount is of the output token")
    submit.add_argument("--no-follow", action="store_true")

    watch = commands.add_parser("watch", help="follow an order's status stream")
    watch.add_argument("order_id")
    quote = commands.add_parser("quote", help="quotes of both venues, without executing")
    quote.add_argument("token_in")
    quote.add_argument("token_out")
    quote.add_argument("amount")
    listing = commands.add_parser("list", help="newest orders")
    listing.add_argument("--status")
    listing.add_argument("--limit", type=int, default=10)
    cancel = commands.add_parser("cancel", help="cancel a pending or waiting order")
    cancel.add_argument("order_id")
    args = parser.parse_args()
    client = Client(args.url, args.token)

    if args.command == "submit":
        order = {"tokenIn": args.token_in, "tokenOut": args.token_out, "amount": args.amount,
                 "type": args.type}
        if args.limit_price:
            order["limitPrice"] = args.limit_price
        if args.expires:
            order["expiresInSec"] = args.expires
        if args.slippage_bps is not None:
            order["slippageBps"] = args.slippage_bps
        if args.exact_out:
            order["swapMode"] = "ExactOut"
        accepted = client.call("POST", "/api/orders/execute", json=order)
        print("order %s %s" % (accepted["orderId"], accepted["status"]), flush=True)
        if args.no_follow:
            return 0
        return 0 if client.follow(accepted["orderId"]) == "confirmed" else 1
    if args.command == "watch":
        return 0 if client.follow(args.order_id) == "confirmed" else 1
    if args.command == "quote":
        result = client.call("GET", "/api/quotes", params={"tokenIn": args.token_in,
                                                          "tokenOut": args.token_out,
                                                          "amount": args.amount})
        for quote in result["quotes"]:
            print("%-8s out %s  impact %s bps  fee %s" % (quote["venue"], quote.get("amountOut"),
                                                          quote.get("priceImpactBps"), quote.get("fee")))
        print("best: %s (%s)" % (result["best"], result["reason"]))
        return 0
    if args.command == "list":
        params = {"limit": args.limit}
        if args.status:
            params["status"] = args.status
        for order in client.call("GET", "/api/orders", params=params)["orders"]:
            print("%s  %-9s %-6s %s %s -> %s" % (order["createdAt"], order["status"], order["type"],
                                                 order["amount"], order["tokenIn"], order["tokenOut"]))
        return 0
    if args.command == "cancel":
        print("order %s %s" % (args.order_id, client.call("DELETE", "/api/orders/" + args.order_id)["status"]))
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
