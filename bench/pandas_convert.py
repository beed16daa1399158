"""The peer of `tunedesk-cli data convert` in the data-pipeline benchmark:
the same CSV -> alpaca JSONL conversion done the usual Python way, with
pandas read_csv + to_json(lines=True). Values are read as strings, as
TuneDesk keeps them.
    python3 pandas_convert.py IN.csv OUT.jsonl INSTRUCTION
"""
import sys

import pandas as pd

source, target, instruction = sys.argv[1:4]
df = pd.read_csv(source, dtype=str, keep_default_na=False)
out = pd.DataFrame({"instruction": instruction, "input": df["text"], "output": df["result"]})
out.to_json(target, orient="records", lines=True, force_ascii=False)
