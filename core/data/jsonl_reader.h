// JSON Lines datasets, one example per line, in either form TuneDesk writes:
//   alpaca:   {"instruction": ..., "input": ..., "output": ..., ["system"], ["history": [[q, a], ...]]}
//   messages: {"messages": [{"role": "system"|"user"|"assistant", "content": ...}, ...]}
// In alpaca form TuneDesk's convention is instruction = system prompt,
// input = user message, output = answer; a record whose input is empty uses
// its instruction as the user message (the common alpaca style).
#pragma once

#include "data/dataset.h"

namespace tunedesk::data {

// Parses ds.storage->text as JSONL and fills ds (examples, findings, rows).
void read_jsonl_into(Dataset& ds);

}  // namespace tunedesk::data
