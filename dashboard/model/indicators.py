"""The model's state: the responses a user sees, plus two internal drivers.

Every indicator is an index from 0 to 100, higher meaning more of the named thing. Their
starting values, the baseline each relaxes to and how fast are assumptions loaded from
``data/parameters.yaml`` (see ``parameters.py``).
"""

RESPONSES: tuple[str, ...] = (
    "proxy_attacks",  # militia attacks on US forces in Iraq and Syria
    "iran_direct_attacks",  # strikes by Iran's own forces, claimed or plainly Iranian
    "saudi_attacks",  # missiles and drones on Saudi Arabia, incl. from Yemen
    "maritime_attacks",  # attacks on shipping (Gulf of Oman, Gulf, Red Sea)
    "nuclear_advance",  # 0 = full JCPOA compliance
    "iraqi_backlash",  # Iraqi political pressure against the US presence
    "gulf_alignment",  # Gulf Arab states' alignment with the US
    "energy_disruption",  # disruption of regional energy supply
    "us_pressure_to_retaliate",  # US domestic pressure for military action
    "escalation_risk",  # risk of a spiral into wider war
)

# Internal drivers: not responses in themselves, but state that carries the dynamics.
DRIVERS: tuple[str, ...] = (
    "us_retaliation",  # strikes the US makes this month in answer to attacks (a flow)
    "diplomatic_goodwill",  # accumulated benefit Iran sees in easing tensions (Osgood)
    "us_casualties",  # chance (%) that a month's attacks kill or badly wound Americans (a flow)
)

INDICATORS: tuple[str, ...] = RESPONSES + DRIVERS
