"""Markers the test modules share."""

from __future__ import annotations

import pytest

from caseboard import nlp

# The Spanish model is an optional extra (`make spanish`; `make test` installs it).
SPANISH = pytest.mark.skipif(not nlp.has_model("es"), reason="the Spanish model is optional: make spanish")
