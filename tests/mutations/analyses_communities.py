"""major_communities puts every major in its own community (the old check compared the memo with itself)."""
from _edit import replace

replace("queries/network.py",
        "    df = cache.memo(store, key, lambda: _communities(store, level, min_weight, resolution, seed, max_feature_share))",
        "    df = cache.memo(store, key, lambda: _communities(store, level, min_weight, resolution, seed, max_feature_share))\n"
        "    df = df.assign(community=range(1, len(df) + 1))  # MUTATION")
print("tests/queries/test_analyses.py::test_network_analytics")
