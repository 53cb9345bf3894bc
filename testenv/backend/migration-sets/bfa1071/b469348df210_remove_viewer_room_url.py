"""Remove viewer room url

Revision ID: b469348df210
Revises: 722e93c4ab22
Create Date: 2024-10-11 13:45:28.914902

"""

from typing import Sequence, Union

revision: str = "b469348df210"
down_revision: Union[str, None] = "722e93c4ab22"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None
