#!/usr/bin/env python3
"""Writes fleets.csv: China's 2019 battery-electric cars as a mix of battery chemistries.

stdlib only, deterministic. The shares are capacity shares (GWh of batteries installed in
passenger cars) taken as shares of vehicles; see SOURCES.md for each figure and estimate.
"""
import csv
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CABIA = ("China Automotive Battery Innovation Alliance 2019 installed capacity by vehicle type and chemistry, "
         "passenger cars: LFP 2.0 GWh (4.8 %), NCM 39.6 GWh (93.8 %), others 0.6 GWh (1.4 %) of 42.2 GWh "
         "(via https://gosavetime.com/installed-battery-capacity-in-china-by-vehicle-and-chemistry-in-2019/)")
ADAMAS = ("Adamas Intelligence EV Battery Capacity Monthly, China passenger EV capacity deployed: NCM 811 "
          "<1 % Jan, 2 % Apr, 4 % May and Jun, 13 % Aug, 18 % Sep 2019; NCM 523 first; NCM 622 fifth with 5 % "
          "in Sep 2019 (https://www.adamasintel.com/ncm-811-deployment-may-2019/ | "
          "https://www.greencarcongress.com/2019/11/20191115-admas.html)")
SHIP = ("China ternary cathode shipments 2018: NCM523 64.8 % "
        "(https://www.haythink.com/lithium-ion-ternary-cathode-material-market-size-grew-52-9-year-on-year-ncm523-is-still-the-market-mainstream/)")
COMMON = "capacity share of passenger-car batteries taken as the share of battery-electric cars"
FLEET, NAME = "bev_cn_2019", "China's 2019 battery-electric cars, mix of battery chemistries"
# vehicle, share, min, max, sources, estimated columns, basis
LABEL = "BEV China 2019"  # short display name for figures and tables
ROWS = [
    ("bev_lfp", 0.05, 0.048, 0.10, CABIA, "share;share_max",
     f"{COMMON}; min = CABIA's LFP share of all passenger-car capacity (4.8 %, which includes plug-in "
     "hybrids, nearly all NCM, so the BEV share is at least that); best rounded up; max estimated"),
    ("bev_nmc811", 0.08, 0.04, 0.12, ADAMAS, "share;share_min;share_max",
     f"{COMMON}; the capacity-weighted year average of Adamas' monthly NCM 811 shares (rising from <1 % to "
     "18 % over the year) estimated at 4-12 %"),
    ("bev_nmc622", 0.10, 0.05, 0.20, ADAMAS, "share;share_min;share_max",
     f"{COMMON}; Adamas: 5 % in Sep 2019 after being 'once-popular'; year share estimated at 5-20 %"),
    ("bev_nmc111", 0.05, 0.0, 0.10, SHIP, "share;share_min;share_max",
     f"{COMMON}; no 2019 share found; NCM523 was 64.8 % of 2018 ternary cathode shipments, the rest "
     "split among 111, 622 and 811: estimated 0-10 %"),
    ("bev_nca", 0.01, 0.0, 0.03, CABIA, "share;share_min;share_max",
     f"{COMMON}; NCA counted within CABIA's ternary share; domestic production with NCA cells began with "
     "Tesla Shanghai's Model 3 deliveries in Dec 2019: estimated 0-3 %"),
    ("bev_nmc532", 0.71, 0.55, 0.80, f"{CABIA} | {ADAMAS} | {SHIP}", "share;share_min;share_max",
     f"{COMMON}; the remainder of CABIA's 93.8 % ternary share after the other chemistries' best "
     "estimates; NCM 523 was the first chemistry all year (Adamas) and 64.8 % of 2018 ternary cathode "
     "shipments; range estimated"),
]


def main():
    header = ["fleet", "name", "label", "vehicle", "share", "share_min", "share_max", "share_dist",
              "source", "year", "estimated", "estimate_basis"]
    total = sum(r[1] for r in ROWS)
    assert abs(total - 1.0) < 1e-9, total
    with open(os.path.join(HERE, "fleets.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for v, best, lo, hi, src, est, basis in ROWS:
            w.writerow([FLEET, NAME, LABEL, v, best, lo, hi, "", src, 2019, est, basis])
    print(f"fleets.csv: {len(ROWS)} rows, shares sum to {total}")


if __name__ == "__main__":
    main()
