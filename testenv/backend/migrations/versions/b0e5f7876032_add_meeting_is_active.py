"""add meeting is_active

Revision ID: b0e5f7876032
Revises: 6ea59639f30e
Create Date: 2025-01-28 10:06:50.446233

"""

from typing import Sequence, Union

revision: str = "b0e5f7876032"
down_revision: Union[str, None] = "6ea59639f30e"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None
