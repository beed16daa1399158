#!/usr/bin/env bash
# Writes the Hugging Face goldens (tests/fixtures/hf_goldens/) with
# transformers inside the sid reference root (made or reused by root.sh).
# Commit what changes; the goldens test (tests/engine/hf_goldens_test.cpp)
# reads them with no Python and no root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/root.sh" setup sid >/dev/null
bash "$here/root.sh" run sid -- env TRANSFORMERS_VERBOSITY=error HF_HUB_DISABLE_PROGRESS_BARS=1 TQDM_DISABLE=1 \
  python3 /tunedesk/tools/reference/make_goldens.py /tunedesk/tests/fixtures/hf_goldens
bash "$here/root.sh" run sid -- dpkg-query -W -f='${Package} ${Version}\n' python3-transformers python3-torch python3-safetensors \
  > "$here/../../tests/fixtures/hf_goldens/versions.txt"
echo "make-goldens.sh: wrote tests/fixtures/hf_goldens/ ($(du -sh "$here/../../tests/fixtures/hf_goldens" | cut -f1))"
