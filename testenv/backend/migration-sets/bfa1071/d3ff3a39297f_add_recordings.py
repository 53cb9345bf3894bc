"""add recordings

Revision ID: d3ff3a39297f
Revises: b0e5f7876032
Create Date: 2025-06-27 09:27:25.302152

"""

from typing import Sequence, Union

revision: str = "d3ff3a39297f"
down_revision: Union[str, None] = "b0e5f7876032"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None
