"""The metrics layer: every number a report shows, each computed in one function.

`conversion` (threads, funnel, follow-up effect), `growth` (network growth),
`referrals` (referral trees), `graph` (the network graph), `cohort` (per-owner and
group outcomes), `disclosure` (small-group protection), `rates` (shared rate
helpers). Above core, loading and importers; below views.
"""

__all__: list[str] = []
