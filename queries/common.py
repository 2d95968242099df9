"""Small shared pieces of the query modules.

``ALL_ROWS``: the row limit internal analysis queries pass to ``store.read`` — ``limit=None`` there
means "the store's default limit" (KG_MAX_ROWS, 10,000), which a province-scale aggregate can exceed;
the analyses keep their own result sizes in check instead.
"""
from __future__ import annotations

ALL_ROWS = 10**9

#: a Region ``r`` inside ``$scope`` (a province or city id; '' = everywhere)
IN_SCOPE = "($scope = '' OR r.id = $scope OR r.province = $scope OR r.id STARTS WITH ($scope + '/'))"
