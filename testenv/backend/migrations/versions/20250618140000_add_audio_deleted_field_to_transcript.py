"""add audio_deleted field to transcript

Revision ID: 20250618140000
Revises: 20250617140003
Create Date: 2025-06-18 14:00:00.000000

"""

from typing import Sequence, Union

revision: str = "20250618140000"
down_revision: Union[str, None] = "20250617140003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None
