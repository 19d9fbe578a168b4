"""Outside shocks: what happened in the region that no US lever chooses.

The history replay switches them on month by month from ``data/timeline.yaml``; rules
answer them like any other input (``when: {shock: gaza_war}``), so they show in the Why
trace. Israel and the Houthis act through them. In a scenario of the dashboard's
own (the next 36 months) no shock is on, so these rules stay silent there.
"""

SHOCKS: dict[str, str] = {
    "yemen_war": "the Saudi-led coalition's war with the Houthis in Yemen, until the April 2022 truce",
    "abqaiq_attack": "the drone and missile attack on Saudi Aramco's Abqaiq and Khurais plants (September 2019)",
    "israeli_covert_action": "Israeli sabotage and killings inside Iran (Natanz 2020 and 2021, Fakhrizadeh 2020)",
    "saudi_yemen_truce": "the UN-brokered Saudi–Houthi truce of April 2022, which has held since in practice",
    "saudi_iran_detente": "the China-brokered Saudi–Iranian restoration of relations (March 2023)",
    "gaza_war": "Hamas's attack on Israel of 7 October 2023 and the war in Gaza",
    "red_sea_campaign": "the Houthi campaign against shipping in the Red Sea and the Gulf of Aden",
    "israel_iran_exchange": "direct Israeli–Iranian exchanges of fire (April and October 2024, June 2025)",
}
