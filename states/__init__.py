"""
Reference data for the states and organizations whose actions the tracker records.

The UN member and observer states, grouped by the UN Statistics Division's M49 regions, are
loaded by a data migration from states/data/m49.csv so every installation starts with the
same, checked list.
"""
