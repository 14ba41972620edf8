"""The network members' portal: members raise their community's problems from a phone, follow them up the
ladder in plain Thai, and say whether they were really solved.

Pure rules (no database): `rules` (accounts, limits, photos, the map pin, recurrence window) and `history`
(an issue's log as plain sentences for its reporter). Against the database: `accounts` (portal users of
members, one-time login codes), `raising` (a member's problem becomes a Community Issue), `views` (what a
member's pages show), `feedback` (the reporter's answer and the daily auto-close) and `recurrence`.
Who is a portal member, and which station's accounts a user may create, is decided in `permissions/portal`.
"""
