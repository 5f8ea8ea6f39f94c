#!/usr/bin/env bash
# Rebuilds the bundled dataset (distributions/*.csv) from its derivations.
#
# Each folder here is one derivation: scripts (python3, standard library only) that read the open
# mine-production compilation (Jasansky et al. 2023; path in $OPEN_MINE_PRODUCTION, default
# ../shared/data/open-mine-production beside the repository) plus cited figures, and write that
# folder's tables; SOURCES.md lists what was taken from where. merge.py combines the folders in
# priority order, corrections.py applies the documented corrections.
#
#   bash distributions/derive/build.sh          # rebuild; then `git diff distributions/` shows changes
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
run() { (cd "$here/$1" && shift && for s in "$@"; do python3 "$s" >/dev/null; done); }
run copper derive_copper.py
run nickel_cobalt derive_nickel_cobalt.py
run nickel_cobalt_extra derive_nickel_cobalt_extra.py
run nickel_extra2 derive_nickel_extra2.py
run nickel_extra3 derive_nickel_extra3.py
# pgm_mn_ree_graphite: tables compiled by hand from the sources in its SOURCES.md; its script
# reproduces the figures it took from the open compilation (printed, for checking).
run li_bauxite_coal derive_li_bauxite_coal.py
run iron_lead_zinc make_manual.py make_supply_commodities.py derive_iron_lead_zinc.py
run lead_zinc_extra make_lead_zinc_extra.py
# zinc_extra2: its script reads the merged dataset (the grade span of the underground VMS mines
# stands in for Bracemac-McLeod's unreported grade), so it ran once, before this folder was
# merged; its tables are kept as written and are not regenerated here.
run lead_zinc_extra3 derive_lead_zinc_extra3.py
run lead_extra4 derive_lead_extra4.py
# china_copper: tables compiled by hand from the sources in its SOURCES.md.
run china_lead_zinc make_china_lead_zinc.py
run china_iron_bauxite make_china_iron_bauxite.py
# china_residuals reads the three China derivations' national.csv.
run china_residuals make_residuals.py
run downstream derive_downstream.py
run fleets derive_fleets.py
python3 "$here/merge.py" "$here/.." \
  "$here/copper" "$here/nickel_cobalt" "$here/nickel_cobalt_extra" "$here/nickel_extra2" "$here/nickel_extra3" "$here/pgm_mn_ree_graphite" \
  "$here/li_bauxite_coal" "$here/iron_lead_zinc" "$here/lead_zinc_extra" "$here/zinc_extra2" "$here/lead_zinc_extra3" "$here/lead_extra4" \
  "$here/china_copper" "$here/china_lead_zinc" "$here/china_iron_bauxite" "$here/china_residuals" \
  "$here/downstream" "$here/fleets" 2>"$here/merge.log"
python3 "$here/corrections.py" "$here/.."
echo "rebuilt $(cd "$here/.." && pwd)/*.csv (merge report in $here/merge.log)"
