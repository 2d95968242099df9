"""Small shared pieces of the query modules.

Internal reads that must see every row pass ``limit=None`` to ``store.read`` (no row limit); the
analyses keep their own result sizes in check.
"""
from __future__ import annotations

#: a Region ``r`` inside ``$scope`` (a province or city id; '' = everywhere)
IN_SCOPE = "($scope = '' OR r.id = $scope OR r.province = $scope OR r.id STARTS WITH ($scope + '/'))"
