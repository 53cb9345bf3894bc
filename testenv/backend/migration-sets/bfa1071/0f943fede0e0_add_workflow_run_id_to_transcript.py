"""add workflow_run_id to transcript

Revision ID: 0f943fede0e0
Revises: 20251217000000
Create Date: 2025-12-16 01:54:13.855106

"""

from typing import Sequence, Union

revision: str = "0f943fede0e0"
down_revision: Union[str, None] = "20251217000000"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None
