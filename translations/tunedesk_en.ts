<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Finding</name>
    <message>
        <source>the %1 field is empty; every row needs a question or instruction</source>
        <translation>the %1 field is empty; every row needs a question or instruction</translation>
    </message>
    <message>
        <source>the %1 field is only white space; every row needs a question or instruction</source>
        <translation>the %1 field is only white space; every row needs a question or instruction</translation>
    </message>
    <message>
        <source>the %1 field is empty; every row needs an expected answer</source>
        <translation>the %1 field is empty; every row needs an expected answer</translation>
    </message>
    <message>
        <source>the %1 field is only white space; every row needs an expected answer</source>
        <translation>the %1 field is only white space; every row needs an expected answer</translation>
    </message>
    <message>
        <source>the %1 field contains bytes that are not valid %2 (shown as �); save the file as UTF-8 or choose its encoding (the Data tab&apos;s Encoding, or --encoding)</source>
        <translation>the %1 field contains bytes that are not valid %2 (shown as �); save the file as UTF-8 or choose its encoding (the Data tab&apos;s Encoding, or --encoding)</translation>
    </message>
    <message>
        <source>the %1 field looks garbled (mojibake such as &quot;ä¸­æ–‡&quot; or &quot;锟斤拷&quot;): the text was probably converted with the wrong encoding before it was saved</source>
        <translation>the %1 field looks garbled (mojibake such as &quot;ä¸­æ–‡&quot; or &quot;锟斤拷&quot;): the text was probably converted with the wrong encoding before it was saved</translation>
    </message>
    <message>
        <source>the %1 field contains the control character %2 at character %3; remove it</source>
        <translation>the %1 field contains the control character %2 at character %3; remove it</translation>
    </message>
    <message>
        <source>the %1 field has %2 characters; the limit is %3 (%4). Training cuts what is over the limit.</source>
        <translation>the %1 field has %2 characters; the limit is %3 (%4). Training cuts what is over the limit.</translation>
    </message>
    <message>
        <source>the %1 field is %2 tokens; %3 is %4. Training cuts what is over the limit.</source>
        <translation>the %1 field is %2 tokens; %3 is %4. Training cuts what is over the limit.</translation>
    </message>
    <message>
        <source>the %1 is the same as the %2; the model would learn nothing from this row</source>
        <translation>the %1 is the same as the %2; the model would learn nothing from this row</translation>
    </message>
    <message>
        <source>the %1 differs from the %2 only in spaces, punctuation or letter case</source>
        <translation>the %1 differs from the %2 only in spaces, punctuation or letter case</translation>
    </message>
    <message>
        <source>the %1 merely repeats the %2</source>
        <translation>the %1 merely repeats the %2</translation>
    </message>
    <message>
        <source>the file has no data rows</source>
        <translation>the file has no data rows</translation>
    </message>
    <message>
        <source>only %1 usable rows; %2–%3 are recommended for fine-tuning</source>
        <translation>only %1 usable rows; %2–%3 are recommended for fine-tuning</translation>
    </message>
    <message>
        <source>%1 usable rows; %2–%3 are recommended: training takes longer and gains little</source>
        <translation>%1 usable rows; %2–%3 are recommended: training takes longer and gains little</translation>
    </message>
    <message>
        <source>the same %1 and %2 as line %3</source>
        <translation>the same %1 and %2 as line %3</translation>
    </message>
    <message>
        <source>the same %1 as line %2 with a different %3; the model gets mixed signals — keep one answer</source>
        <translation>the same %1 as line %2 with a different %3; the model gets mixed signals — keep one answer</translation>
    </message>
    <message>
        <source>column &quot;%1&quot; appears twice (columns %2 and %3); the first one is used</source>
        <translation>column &quot;%1&quot; appears twice (columns %2 and %3); the first one is used</translation>
    </message>
    <message>
        <source>extra columns are ignored: %1</source>
        <translation>extra columns are ignored: %1</translation>
    </message>
    <message>
        <source>no &quot;%1&quot; column; the header has %2. The first row must name the columns text (the input) and result (the expected output).</source>
        <translation>no &quot;%1&quot; column; the header has %2. The first row must name the columns text (the input) and result (the expected output).</translation>
    </message>
    <message>
        <source>the file is empty; it needs a header row with the columns text and result</source>
        <translation>the file is empty; it needs a header row with the columns text and result</translation>
    </message>
    <message>
        <source>blank line ignored</source>
        <translation>blank line ignored</translation>
    </message>
    <message>
        <source>a quote opened on line %1 is never closed; the row is skipped and reading goes on with the next line</source>
        <translation>a quote opened on line %1 is never closed; the row is skipped and reading goes on with the next line</translation>
    </message>
    <message>
        <source>text follows the closing quote of field %1; the field was read as &quot;%2&quot;</source>
        <translation>text follows the closing quote of field %1; the field was read as &quot;%2&quot;</translation>
    </message>
    <message>
        <source>the file is %1; the limit is %2. Split it into smaller files.</source>
        <translation>the file is %1; the limit is %2. Split it into smaller files.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is the number %2, not a string; it is read as the text &quot;%2&quot;</source>
        <translation>&quot;%1&quot; is the number %2, not a string; it is read as the text &quot;%2&quot;</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is the boolean %2, not a string; it is read as the text &quot;%2&quot;</source>
        <translation>&quot;%1&quot; is the boolean %2, not a string; it is read as the text &quot;%2&quot;</translation>
    </message>
    <message numerus="yes">
        <source>the %1 field has only %n character(s); at least %2 are expected</source>
        <translation>
            <numerusform>the %1 field has only %n character; at least %2 are expected</numerusform>
            <numerusform>the %1 field has only %n characters; at least %2 are expected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the row has %n field(s), the header has %1. A field that contains the separator (%2) must be put in double quotes.</source>
        <translation>
            <numerusform>the row has %n field, the header has %1. A field that contains the separator (%2) must be put in double quotes.</numerusform>
            <numerusform>the row has %n fields, the header has %1. A field that contains the separator (%2) must be put in double quotes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the row has %n field(s), the header has %1; the extra fields are empty and ignored</source>
        <translation>
            <numerusform>the row has %n field, the header has %1; the extra fields are empty and ignored</numerusform>
            <numerusform>the row has %n fields, the header has %1; the extra fields are empty and ignored</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the row has %n field(s), the header has %1; the text or result field is missing</source>
        <translation>
            <numerusform>the row has %n field, the header has %1; the text or result field is missing</numerusform>
            <numerusform>the row has %n fields, the header has %1; the text or result field is missing</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the row has %n field(s), the header has %1; the missing fields are not text or result, so the row is kept</source>
        <translation>
            <numerusform>the row has %n field, the header has %1; the missing fields are not text or result, so the row is kept</numerusform>
            <numerusform>the row has %n fields, the header has %1; the missing fields are not text or result, so the row is kept</numerusform>
        </translation>
    </message>
    <message>
        <source>not valid JSON: %1</source>
        <translation>not valid JSON: %1</translation>
    </message>
    <message>
        <source>each line must be a JSON object ({...})</source>
        <translation>each line must be a JSON object ({...})</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a string, not %2</source>
        <translation>&quot;%1&quot; must be a string, not %2</translation>
    </message>
    <message>
        <source>no &quot;output&quot; key; an alpaca record needs instruction/input/output</source>
        <translation>no &quot;output&quot; key; an alpaca record needs instruction/input/output</translation>
    </message>
    <message>
        <source>no &quot;input&quot; or &quot;instruction&quot; key; an alpaca record needs instruction/input/output</source>
        <translation>no &quot;input&quot; or &quot;instruction&quot; key; an alpaca record needs instruction/input/output</translation>
    </message>
    <message>
        <source>&quot;history&quot; must be a list of [question, answer] pairs</source>
        <translation>&quot;history&quot; must be a list of [question, answer] pairs</translation>
    </message>
    <message>
        <source>%1 must be a [question, answer] pair</source>
        <translation>%1 must be a [question, answer] pair</translation>
    </message>
    <message>
        <source>&quot;messages&quot; must be a non-empty list of {&quot;role&quot;, &quot;content&quot;} objects</source>
        <translation>&quot;messages&quot; must be a non-empty list of {&quot;role&quot;, &quot;content&quot;} objects</translation>
    </message>
    <message>
        <source>%1 must be an object with a string &quot;role&quot; and a &quot;content&quot;</source>
        <translation>%1 must be an object with a string &quot;role&quot; and a &quot;content&quot;</translation>
    </message>
    <message>
        <source>%1 has role &quot;%2&quot; out of place; messages go: an optional system message first, then user and assistant taking turns</source>
        <translation>%1 has role &quot;%2&quot; out of place; messages go: an optional system message first, then user and assistant taking turns</translation>
    </message>
    <message>
        <source>the conversation must end with an assistant message (the answer to learn)</source>
        <translation>the conversation must end with an assistant message (the answer to learn)</translation>
    </message>
    <message>
        <source>empty row ignored</source>
        <translation>empty row ignored</translation>
    </message>
    <message>
        <source>%1 empty rows ignored (rows %2–%3)</source>
        <translation>%1 empty rows ignored (rows %2–%3)</translation>
    </message>
    <message>
        <source>row %1 is hidden in the spreadsheet; it is read like any other row</source>
        <translation>row %1 is hidden in the spreadsheet; it is read like any other row</translation>
    </message>
    <message>
        <source>cell %1 is right of the header&apos;s last column (%2); it is ignored</source>
        <translation>cell %1 is right of the header&apos;s last column (%2); it is ignored</translation>
    </message>
    <message>
        <source>cells %1 are merged: only %2 holds the value, the other cells read as empty</source>
        <translation>cells %1 are merged: only %2 holds the value, the other cells read as empty</translation>
    </message>
    <message>
        <source>the formula in %1 has no saved result (the program that wrote the file does not compute formulas); the cell reads as empty. Open the file in a spreadsheet program and save it again.</source>
        <translation>the formula in %1 has no saved result (the program that wrote the file does not compute formulas); the cell reads as empty. Open the file in a spreadsheet program and save it again.</translation>
    </message>
    <message>
        <source>the %1 field contains a mainland ID number (%2); mask personal data before training</source>
        <translation>the %1 field contains a mainland ID number (%2); mask personal data before training</translation>
    </message>
    <message>
        <source>the %1 field contains a mobile number (%2); mask personal data before training</source>
        <translation>the %1 field contains a mobile number (%2); mask personal data before training</translation>
    </message>
    <message>
        <source>the %1 field contains a telephone number (%2); mask personal data before training</source>
        <translation>the %1 field contains a telephone number (%2); mask personal data before training</translation>
    </message>
    <message>
        <source>the %1 field contains an e-mail address (%2); mask personal data before training</source>
        <translation>the %1 field contains an e-mail address (%2); mask personal data before training</translation>
    </message>
    <message>
        <source>the %1 field contains a bank card number (%2); mask personal data before training</source>
        <translation>the %1 field contains a bank card number (%2); mask personal data before training</translation>
    </message>
    <message>
        <source>the %1 field contains a licence plate (%2); mask personal data before training</source>
        <translation>the %1 field contains a licence plate (%2); mask personal data before training</translation>
    </message>
    <message>
        <source>the %1 field contains the name %2; mask personal data before training</source>
        <translation>the %1 field contains the name %2; mask personal data before training</translation>
    </message>
</context>
<context>
    <name>TrainingSetting</name>
    <message>
        <source>Method</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>How the model learns: LoRA adapters, a P-Tuning v2 prefix, or all weights (full fine-tuning)</source>
        <translation>How the model learns: LoRA adapters, a P-Tuning v2 prefix, or all weights (full fine-tuning)</translation>
    </message>
    <message>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <source>P-Tuning v2</source>
        <translation>P-Tuning v2</translation>
    </message>
    <message>
        <source>Full fine-tuning (SFT)</source>
        <translation>Full fine-tuning (SFT)</translation>
    </message>
    <message>
        <source>Model type</source>
        <translation>Model type</translation>
    </message>
    <message>
        <source>The system instruction for examples without one: general, medical, legal or one of yours</source>
        <translation>The system instruction for examples without one: general, medical, legal or one of yours</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Device</translation>
    </message>
    <message>
        <source>Where the model trains: a GPU when there is one (cuda, or cuda:N for one of several), else the CPU</source>
        <translation>Where the model trains: a GPU when there is one (cuda, or cuda:N for one of several), else the CPU</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatic</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU (CUDA)</source>
        <translation>GPU (CUDA)</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>Processes</translation>
    </message>
    <message>
        <source>Data parallel over this many processes on this machine, one per GPU (the global batch is batch size x accumulation x processes)</source>
        <translation>Data parallel over this many processes on this machine, one per GPU (the global batch is batch size x accumulation x processes)</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Epochs</translation>
    </message>
    <message>
        <source>Passes over the training rows, used when max steps is not set</source>
        <translation>Passes over the training rows, used when max steps is not set</translation>
    </message>
    <message>
        <source>Max steps</source>
        <translation>Max steps</translation>
    </message>
    <message>
        <source>Stop after this many optimizer steps; when set it wins over the epochs</source>
        <translation>Stop after this many optimizer steps; when set it wins over the epochs</translation>
    </message>
    <message>
        <source>by epochs</source>
        <translation>by epochs</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Learning rate</translation>
    </message>
    <message>
        <source>The peak learning rate, reached after the warm-up</source>
        <translation>The peak learning rate, reached after the warm-up</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <source>How the learning rate falls after the warm-up</source>
        <translation>How the learning rate falls after the warm-up</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>cosine</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>linear</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>constant</translation>
    </message>
    <message>
        <source>Warm-up share</source>
        <translation>Warm-up share</translation>
    </message>
    <message>
        <source>The share of the steps over which the learning rate rises from 0, used when warm-up steps is not set</source>
        <translation>The share of the steps over which the learning rate rises from 0, used when warm-up steps is not set</translation>
    </message>
    <message>
        <source>Warm-up steps</source>
        <translation>Warm-up steps</translation>
    </message>
    <message>
        <source>Steps over which the learning rate rises from 0; when set it wins over the warm-up share</source>
        <translation>Steps over which the learning rate rises from 0; when set it wins over the warm-up share</translation>
    </message>
    <message>
        <source>by share</source>
        <translation>by share</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Batch size</translation>
    </message>
    <message>
        <source>Examples per micro-batch on each device</source>
        <translation>Examples per micro-batch on each device</translation>
    </message>
    <message>
        <source>Gradient accumulation</source>
        <translation>Gradient accumulation</translation>
    </message>
    <message>
        <source>Micro-batches per optimizer step: a larger batch in the same memory</source>
        <translation>Micro-batches per optimizer step: a larger batch in the same memory</translation>
    </message>
    <message>
        <source>Gradient checkpointing (less memory, slower)</source>
        <translation>Gradient checkpointing (less memory, slower)</translation>
    </message>
    <message>
        <source>Recompute the decoder layers in the backward pass: less memory, about a third slower</source>
        <translation>Recompute the decoder layers in the backward pass: less memory, about a third slower</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Seed of the data order, the split and the initialisation: the same seed, the same run</source>
        <translation>Seed of the data order, the split and the initialisation: the same seed, the same run</translation>
    </message>
    <message>
        <source>Max question tokens</source>
        <translation>Max question tokens</translation>
    </message>
    <message>
        <source>Prompt tokens kept (system instruction and question; GLM-4&apos;s max_input_length); turns the total limit off unless that is given too</source>
        <translation>Prompt tokens kept (system instruction and question; GLM-4&apos;s max_input_length); turns the total limit off unless that is given too</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>no limit</translation>
    </message>
    <message>
        <source>Max answer tokens</source>
        <translation>Max answer tokens</translation>
    </message>
    <message>
        <source>Answer tokens kept (GLM-4&apos;s max_output_length); turns the total limit off unless that is given too</source>
        <translation>Answer tokens kept (GLM-4&apos;s max_output_length); turns the total limit off unless that is given too</translation>
    </message>
    <message>
        <source>Max total tokens</source>
        <translation>Max total tokens</translation>
    </message>
    <message>
        <source>One limit for question and answer together, used when the two limits above are not set</source>
        <translation>One limit for question and answer together, used when the two limits above are not set</translation>
    </message>
    <message>
        <source>Longer rows</source>
        <translation>Longer rows</translation>
    </message>
    <message>
        <source>Rows longer than the limits: cut to fit (their ends are lost) or left out of training</source>
        <translation>Rows longer than the limits: cut to fit (their ends are lost) or left out of training</translation>
    </message>
    <message>
        <source>cut to fit</source>
        <translation>cut to fit</translation>
    </message>
    <message>
        <source>leave out</source>
        <translation>leave out</translation>
    </message>
    <message>
        <source>Validation share</source>
        <translation>Validation share</translation>
    </message>
    <message>
        <source>Share of the rows held out for evaluation when the data has no validation file</source>
        <translation>Share of the rows held out for evaluation when the data has no validation file</translation>
    </message>
    <message>
        <source>Evaluate every</source>
        <translation>Evaluate every</translation>
    </message>
    <message>
        <source>Evaluate on the validation rows every this many steps</source>
        <translation>Evaluate on the validation rows every this many steps</translation>
    </message>
    <message>
        <source>at the end</source>
        <translation>at the end</translation>
    </message>
    <message>
        <source>Generate answers and score them (ROUGE, BLEU)</source>
        <translation>Generate answers and score them (ROUGE, BLEU)</translation>
    </message>
    <message>
        <source>At each evaluation also generate answers for the validation rows and score ROUGE-1/2/L and BLEU-4</source>
        <translation>At each evaluation also generate answers for the validation rows and score ROUGE-1/2/L and BLEU-4</translation>
    </message>
    <message>
        <source>Longest generated answer</source>
        <translation>Longest generated answer</translation>
    </message>
    <message>
        <source>Tokens generated at most for each scored answer</source>
        <translation>Tokens generated at most for each scored answer</translation>
    </message>
    <message>
        <source>Checkpoint every</source>
        <translation>Checkpoint every</translation>
    </message>
    <message>
        <source>Write a checkpoint every this many steps, and when the run is stopped; resume from the newest</source>
        <translation>Write a checkpoint every this many steps, and when the run is stopped; resume from the newest</translation>
    </message>
    <message>
        <source>never</source>
        <translation>never</translation>
    </message>
    <message>
        <source>Rank r</source>
        <translation>Rank r</translation>
    </message>
    <message>
        <source>The rank of each LoRA update: more capacity, more memory</source>
        <translation>The rank of each LoRA update: more capacity, more memory</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>Alpha</translation>
    </message>
    <message>
        <source>LoRA&apos;s scale: the update is multiplied by alpha / r</source>
        <translation>LoRA&apos;s scale: the update is multiplied by alpha / r</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>Dropout on the input of each LoRA update</source>
        <translation>Dropout on the input of each LoRA update</translation>
    </message>
    <message>
        <source>Target modules</source>
        <translation>Target modules</translation>
    </message>
    <message>
        <source>Hugging Face module names separated by commas (q_proj, v_proj, ...), or all-linear</source>
        <translation>Hugging Face module names separated by commas (q_proj, v_proj, ...), or all-linear</translation>
    </message>
    <message>
        <source>the attention&apos;s query and value</source>
        <translation>the attention&apos;s query and value</translation>
    </message>
    <message>
        <source>Rank-stabilised scale (rsLoRA)</source>
        <translation>Rank-stabilised scale (rsLoRA)</translation>
    </message>
    <message>
        <source>Scale the update by alpha / sqrt(r) instead of alpha / r, which keeps high ranks learning</source>
        <translation>Scale the update by alpha / sqrt(r) instead of alpha / r, which keeps high ranks learning</translation>
    </message>
    <message>
        <source>Virtual tokens</source>
        <translation>Virtual tokens</translation>
    </message>
    <message>
        <source>The length of the trained prefix, in tokens</source>
        <translation>The length of the trained prefix, in tokens</translation>
    </message>
    <message>
        <source>Train through a projection (MLP)</source>
        <translation>Train through a projection (MLP)</translation>
    </message>
    <message>
        <source>Train the prefix through a two-layer MLP</source>
        <translation>Train the prefix through a two-layer MLP</translation>
    </message>
    <message>
        <source>Projection width</source>
        <translation>Projection width</translation>
    </message>
    <message>
        <source>The hidden width of the prefix&apos;s MLP</source>
        <translation>The hidden width of the prefix&apos;s MLP</translation>
    </message>
    <message>
        <source>the model&apos;s hidden size</source>
        <translation>the model&apos;s hidden size</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>Weight decay</translation>
    </message>
    <message>
        <source>AdamW&apos;s decoupled weight decay, never on norms and biases</source>
        <translation>AdamW&apos;s decoupled weight decay, never on norms and biases</translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation>Gradient clipping</translation>
    </message>
    <message>
        <source>Scale the gradients down when their norm is over this</source>
        <translation>Scale the gradients down when their norm is over this</translation>
    </message>
    <message>
        <source>off</source>
        <translation>off</translation>
    </message>
    <message>
        <source>Adam beta1</source>
        <translation>Adam beta1</translation>
    </message>
    <message>
        <source>AdamW&apos;s decay of the gradient&apos;s running mean</source>
        <translation>AdamW&apos;s decay of the gradient&apos;s running mean</translation>
    </message>
    <message>
        <source>Adam beta2</source>
        <translation>Adam beta2</translation>
    </message>
    <message>
        <source>AdamW&apos;s decay of the squared gradient&apos;s running mean</source>
        <translation>AdamW&apos;s decay of the squared gradient&apos;s running mean</translation>
    </message>
    <message>
        <source>Adam epsilon</source>
        <translation>Adam epsilon</translation>
    </message>
    <message>
        <source>Added to AdamW&apos;s denominator so that it is never 0</source>
        <translation>Added to AdamW&apos;s denominator so that it is never 0</translation>
    </message>
    <message>
        <source>Evaluation batch size</source>
        <translation>Evaluation batch size</translation>
    </message>
    <message>
        <source>Examples per batch when evaluating</source>
        <translation>Examples per batch when evaluating</translation>
    </message>
    <message>
        <source>as for training</source>
        <translation>as for training</translation>
    </message>
    <message>
        <source>Log every</source>
        <translation>Log every</translation>
    </message>
    <message>
        <source>Record the loss every this many steps</source>
        <translation>Record the loss every this many steps</translation>
    </message>
    <message>
        <source>Checkpoints kept</source>
        <translation>Checkpoints kept</translation>
    </message>
    <message>
        <source>Keep the newest this many checkpoints</source>
        <translation>Keep the newest this many checkpoints</translation>
    </message>
    <message>
        <source>all</source>
        <translation>all</translation>
    </message>
    <message>
        <source>Number format</source>
        <translation>Number format</translation>
    </message>
    <message>
        <source>The weights&apos; and activations&apos; number format: automatic is bf16 on a GPU and on a CPU with bf16 matrix units (AMX, AVX512-BF16), fp32 on other CPUs</source>
        <translation>The weights&apos; and activations&apos; number format: automatic is bf16 on a GPU and on a CPU with bf16 matrix units (AMX, AVX512-BF16), fp32 on other CPUs</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>Chat template</translation>
    </message>
    <message>
        <source>How a conversation is written for the model (tunedesk-cli tokenize --help lists them)</source>
        <translation>How a conversation is written for the model (tunedesk-cli tokenize --help lists them)</translation>
    </message>
    <message>
        <source>detected from the model</source>
        <translation>detected from the model</translation>
    </message>
    <message>
        <source>Memory limit (GB)</source>
        <translation>Memory limit (GB)</translation>
    </message>
    <message>
        <source>Refuse to start when the memory estimate is over this many gigabytes</source>
        <translation>Refuse to start when the memory estimate is over this many gigabytes</translation>
    </message>
    <message>
        <source>what the device has free</source>
        <translation>what the device has free</translation>
    </message>
    <message>
        <source>Check the memory first</source>
        <translation>Check the memory first</translation>
    </message>
    <message>
        <source>Refuse to start a run whose memory estimate is over what the device has free; the option starts it anyway</source>
        <translation>Refuse to start a run whose memory estimate is over what the device has free; the option starts it anyway</translation>
    </message>
    <message>
        <source>Shard the optimizer state (ZeRO stage 1)</source>
        <translation>Shard the optimizer state (ZeRO stage 1)</translation>
    </message>
    <message>
        <source>With several processes each keeps the optimizer state of its share of the weights only: less memory for full fine-tuning, the same result</source>
        <translation>With several processes each keeps the optimizer state of its share of the weights only: less memory for full fine-tuning, the same result</translation>
    </message>
    <message>
        <source>Personal data</source>
        <translation>Personal data</translation>
    </message>
    <message>
        <source>Rows with personal data (ID, phone and bank card numbers, e-mail addresses, licence plates, listed names): train on them with a warning, or refuse the run until they are masked (tunedesk-cli data fix --mask-pii)</source>
        <translation>Rows with personal data (ID, phone and bank card numbers, e-mail addresses, licence plates, listed names): train on them with a warning, or refuse the run until they are masked (tunedesk-cli data fix --mask-pii)</translation>
    </message>
    <message>
        <source>train, with a warning</source>
        <translation>train, with a warning</translation>
    </message>
    <message>
        <source>refuse until masked</source>
        <translation>refuse until masked</translation>
    </message>
</context>
<context>
    <name>UserError</name>
    <message>
        <source>%1: no such folder</source>
        <translation>%1: no such folder</translation>
    </message>
    <message>
        <source>%1: no config.json; a model folder in Hugging Face layout has config.json, *.safetensors and tokenizer.json</source>
        <translation>%1: no config.json; a model folder in Hugging Face layout has config.json, *.safetensors and tokenizer.json</translation>
    </message>
    <message>
        <source>%1: no tokenizer.json (or GLM-4&apos;s tokenizer.model)</source>
        <translation>%1: no tokenizer.json (or GLM-4&apos;s tokenizer.model)</translation>
    </message>
    <message>
        <source>%1: not valid JSON: %2</source>
        <translation>%1: not valid JSON: %2</translation>
    </message>
    <message>
        <source>%1: no &quot;architectures&quot; list</source>
        <translation>%1: no &quot;architectures&quot; list</translation>
    </message>
    <message>
        <source>%1: architecture &quot;%2&quot; is not supported (supported: %3)</source>
        <translation>%1: architecture &quot;%2&quot; is not supported (supported: %3)</translation>
    </message>
    <message>
        <source>%1: %2 = %3 is not implemented (TuneDesk implements: %4)</source>
        <translation>%1: %2 = %3 is not implemented (TuneDesk implements: %4)</translation>
    </message>
    <message>
        <source>%1: the weights do not match config.json
  missing: %2
  wrong shape: %3</source>
        <translation>%1: the weights do not match config.json
  missing: %2
  wrong shape: %3</translation>
    </message>
    <message>
        <source>%1: no *.safetensors weights</source>
        <translation>%1: no *.safetensors weights</translation>
    </message>
    <message>
        <source>%1 is already in the list</source>
        <translation>%1 is already in the list</translation>
    </message>
    <message>
        <source>%1 is not one of your models (built-in models stay)</source>
        <translation>%1 is not one of your models (built-in models stay)</translation>
    </message>
    <message>
        <source>%1: neither a training run, an adapter (adapter_config.json) nor a model (config.json)</source>
        <translation>%1: neither a training run, an adapter (adapter_config.json) nor a model (config.json)</translation>
    </message>
    <message>
        <source>%1: this run has not finished (no adapter/ or model/ yet); resume it first (Training tab, or tunedesk-cli train … --resume)</source>
        <translation>%1: this run has not finished (no adapter/ or model/ yet); resume it first (Training tab, or tunedesk-cli train … --resume)</translation>
    </message>
    <message>
        <source>%1: the base model is not recorded; name it (--model DIR)</source>
        <translation>%1: the base model is not recorded; name it (--model DIR)</translation>
    </message>
    <message>
        <source>the TuneDesk engine (libtunedesk_engine_plugin.so) could not be loaded; looked for:%1</source>
        <translation>the TuneDesk engine (libtunedesk_engine_plugin.so) could not be loaded; looked for:%1</translation>
    </message>
    <message>
        <source>not enough memory on the %1 (%2). Lower the batch size or the maximum length, turn on gradient checkpointing, or use LoRA.</source>
        <translation>not enough memory on the %1 (%2). Lower the batch size or the maximum length, turn on gradient checkpointing, or use LoRA.</translation>
    </message>
    <message>
        <source>CUDA was asked for, but this libtorch has no CUDA or no GPU is visible</source>
        <translation>CUDA was asked for, but this libtorch has no CUDA or no GPU is visible</translation>
    </message>
    <message numerus="yes">
        <source>%1 has %n error(s); training refuses data with errors. Fix them (the Validation tab lists them) or convert the file, which keeps only the rows without errors. First ones:
%2</source>
        <translation>
            <numerusform>%1 has %n error; training refuses data with errors. Fix them (the Validation tab lists them) or convert the file, which keeps only the rows without errors. First ones:
%2</numerusform>
            <numerusform>%1 has %n errors; training refuses data with errors. Fix them (the Validation tab lists them) or convert the file, which keeps only the rows without errors. First ones:
%2</numerusform>
        </translation>
    </message>
    <message>
        <source>no training examples: every example of %1 is empty or longer than the maximum length</source>
        <translation>no training examples: every example of %1 is empty or longer than the maximum length</translation>
    </message>
    <message>
        <source>no checkpoint to resume from in %1</source>
        <translation>no checkpoint to resume from in %1</translation>
    </message>
    <message>
        <source>%1: %2 does not match this run; the checkpoint is from other settings</source>
        <translation>%1: %2 does not match this run; the checkpoint is from other settings</translation>
    </message>
    <message>
        <source>the conversation (%1 tokens) fills the model&apos;s context of %2 tokens; clear the history or ask a shorter question</source>
        <translation>the conversation (%1 tokens) fills the model&apos;s context of %2 tokens; clear the history or ask a shorter question</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid user name (1–32 letters, digits, &apos;_&apos;, &apos;-&apos;, &apos;.&apos;; not starting with &apos;.&apos;)</source>
        <translation>&apos;%1&apos; is not a valid user name (1–32 letters, digits, &apos;_&apos;, &apos;-&apos;, &apos;.&apos;; not starting with &apos;.&apos;)</translation>
    </message>
    <message>
        <source>the password must have at least %1 characters</source>
        <translation>the password must have at least %1 characters</translation>
    </message>
    <message>
        <source>the user &apos;%1&apos; already exists</source>
        <translation>the user &apos;%1&apos; already exists</translation>
    </message>
    <message>
        <source>no user &apos;%1&apos;</source>
        <translation>no user &apos;%1&apos;</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is the last administrator; make someone else one first</source>
        <translation>&apos;%1&apos; is the last administrator; make someone else one first</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is the last administrator and cannot be removed</source>
        <translation>&apos;%1&apos; is the last administrator and cannot be removed</translation>
    </message>
    <message>
        <source>cannot store the upload as %1: %2</source>
        <translation>cannot store the upload as %1: %2</translation>
    </message>
    <message>
        <source>no row of the dataset is free of errors; nothing to convert</source>
        <translation>no row of the dataset is free of errors; nothing to convert</translation>
    </message>
    <message>
        <source>the validation share must be at least 0 and below 1</source>
        <translation>the validation share must be at least 0 and below 1</translation>
    </message>
    <message>
        <source>a base model named &apos;%1&apos; is listed already; choose another name</source>
        <translation>a base model named &apos;%1&apos; is listed already; choose another name</translation>
    </message>
    <message>
        <source>%1 is outside your workspace (%2); only an administrator can add folders from elsewhere on the server</source>
        <translation>%1 is outside your workspace (%2); only an administrator can add folders from elsewhere on the server</translation>
    </message>
    <message>
        <source>%1 exists and is not empty; choose a new or empty folder</source>
        <translation>%1 exists and is not empty; choose a new or empty folder</translation>
    </message>
    <message>
        <source>%1: a P-Tuning v2 prefix is not a change of weights and cannot be merged; export it without merging to copy the adapter</source>
        <translation>%1: a P-Tuning v2 prefix is not a change of weights and cannot be merged; export it without merging to copy the adapter</translation>
    </message>
    <message>
        <source>%1 is already a complete model (full fine-tuning); export it without merging</source>
        <translation>%1 is already a complete model (full fine-tuning); export it without merging</translation>
    </message>
    <message>
        <source>the current password is not right</source>
        <translation>the current password is not right</translation>
    </message>
    <message>
        <source>%1: cannot be read</source>
        <translation>%1: cannot be read</translation>
    </message>
    <message>
        <source>%1: not valid YAML: %2</source>
        <translation>%1: not valid YAML: %2</translation>
    </message>
    <message>
        <source>%1: expected a mapping of keys</source>
        <translation>%1: expected a mapping of keys</translation>
    </message>
    <message>
        <source>%1: unknown key</source>
        <translation>%1: unknown key</translation>
    </message>
    <message>
        <source>%1: unknown key; did you mean %2?</source>
        <translation>%1: unknown key; did you mean %2?</translation>
    </message>
    <message>
        <source>%1: not a key here: it goes under %3: (%2)</source>
        <translation>%1: not a key here: it goes under %3: (%2)</translation>
    </message>
    <message>
        <source>%1: expected a whole number, got &apos;%2&apos;</source>
        <translation>%1: expected a whole number, got &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1: must be at least %2</source>
        <translation>%1: must be at least %2</translation>
    </message>
    <message>
        <source>%1: expected a number, got &apos;%2&apos;</source>
        <translation>%1: expected a number, got &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1: expected true or false, got &apos;%2&apos;</source>
        <translation>%1: expected true or false, got &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1: expected a single value</source>
        <translation>%1: expected a single value</translation>
    </message>
    <message>
        <source>%1: expected a list of names</source>
        <translation>%1: expected a list of names</translation>
    </message>
    <message>
        <source>%1: TuneDesk saves by &apos;steps&apos; (or &apos;no&apos;), not &apos;%2&apos;</source>
        <translation>%1: TuneDesk saves by &apos;steps&apos; (or &apos;no&apos;), not &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1: TuneDesk logs by &apos;steps&apos;</source>
        <translation>%1: TuneDesk logs by &apos;steps&apos;</translation>
    </message>
    <message>
        <source>%1: TuneDesk evaluates by &apos;steps&apos; (or &apos;no&apos;), not &apos;%2&apos;</source>
        <translation>%1: TuneDesk evaluates by &apos;steps&apos; (or &apos;no&apos;), not &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1: TuneDesk trains LORA and PREFIX_TUNING, not %2</source>
        <translation>%1: TuneDesk trains LORA and PREFIX_TUNING, not %2</translation>
    </message>
    <message>
        <source>%1: only CAUSAL_LM is supported</source>
        <translation>%1: only CAUSAL_LM is supported</translation>
    </message>
    <message>
        <source>%1: only &apos;none&apos; is supported (biases stay frozen)</source>
        <translation>%1: only &apos;none&apos; is supported (biases stay frozen)</translation>
    </message>
    <message>
        <source>%1: a P-Tuning v2 prefix has no place in a GGUF file (llama.cpp has no prefix tuning); export a LoRA or full fine-tuning result</source>
        <translation>%1: a P-Tuning v2 prefix has no place in a GGUF file (llama.cpp has no prefix tuning); export a LoRA or full fine-tuning result</translation>
    </message>
    <message>
        <source>unknown model hub &apos;%1&apos; (choose hf or modelscope)</source>
        <translation>unknown model hub &apos;%1&apos; (choose hf or modelscope)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a model id; a repository is named owner/name, e.g. Qwen/Qwen2.5-0.5B-Instruct</source>
        <translation>&apos;%1&apos; is not a model id; a repository is named owner/name, e.g. Qwen/Qwen2.5-0.5B-Instruct</translation>
    </message>
    <message>
        <source>%1 answered the file list in a form TuneDesk does not know: %2</source>
        <translation>%1 answered the file list in a form TuneDesk does not know: %2</translation>
    </message>
    <message>
        <source>%1: %2 is private or gated and needs a token: create one on the hub (for a gated model, accept its terms on the model&apos;s page first) and set %3</source>
        <translation>%1: %2 is private or gated and needs a token: create one on the hub (for a gated model, accept its terms on the model&apos;s page first) and set %3</translation>
    </message>
    <message>
        <source>%1 refused the token for %2: the account has no access (for a gated model, accept its terms on the model&apos;s page)</source>
        <translation>%1 refused the token for %2: the account has no access (for a gated model, accept its terms on the model&apos;s page)</translation>
    </message>
    <message>
        <source>%1 has no model %2 at revision %3 (check the id; a private model needs a token)</source>
        <translation>%1 has no model %2 at revision %3 (check the id; a private model needs a token)</translation>
    </message>
    <message>
        <source>%1: %2 has no file %3 at revision %4</source>
        <translation>%1: %2 has no file %3 at revision %4</translation>
    </message>
    <message>
        <source>%1 answered HTTP %2 for %3</source>
        <translation>%1 answered HTTP %2 for %3</translation>
    </message>
    <message>
        <source>the connection to %1 failed while fetching %2: %3. Run the download again: it resumes where it stopped.</source>
        <translation>the connection to %1 failed while fetching %2: %3. Run the download again: it resumes where it stopped.</translation>
    </message>
    <message>
        <source>%1 has no *.safetensors weights (its files: %2); TuneDesk reads safetensors only, so look for a version of the model that has them</source>
        <translation>%1 has no *.safetensors weights (its files: %2); TuneDesk reads safetensors only, so look for a version of the model that has them</translation>
    </message>
    <message>
        <source>%1: the file does not match the hub&apos;s checksum (%2) even when fetched again; the download was stopped</source>
        <translation>%1: the file does not match the hub&apos;s checksum (%2) even when fetched again; the download was stopped</translation>
    </message>
    <message>
        <source>not enough free disk space in %1: the download needs %2, %3 are free</source>
        <translation>not enough free disk space in %1: the download needs %2, %3 are free</translation>
    </message>
    <message>
        <source>%1 exists already: choose another folder or remove it first</source>
        <translation>%1 exists already: choose another folder or remove it first</translation>
    </message>
    <message>
        <source>the download of %1 was cancelled; start it again to resume where it stopped</source>
        <translation>the download of %1 was cancelled; start it again to resume where it stopped</translation>
    </message>
    <message>
        <source>%1: only a LoRA result exported without merging is an adapter on its own</source>
        <translation>%1: only a LoRA result exported without merging is an adapter on its own</translation>
    </message>
    <message>
        <source>%1 is not the base model this adapter was trained on: %2</source>
        <translation>%1 is not the base model this adapter was trained on: %2</translation>
    </message>
    <message>
        <source>an Ollama Modelfile for an adapter alone needs the base model&apos;s GGUF file (--base-gguf FILE)</source>
        <translation>an Ollama Modelfile for an adapter alone needs the base model&apos;s GGUF file (--base-gguf FILE)</translation>
    </message>
    <message>
        <source>a download into %1 is running already</source>
        <translation>a download into %1 is running already</translation>
    </message>
    <message>
        <source>This run needs about %1 of memory at its peak (weights %2, optimizer state %3, activations and gradients %4, logits %5), more than the %7 available (%6). It would fit with: %8. To start it anyway: check_memory: false (tunedesk-cli train --no-memory-check).</source>
        <translation>This run needs about %1 of memory at its peak (weights %2, optimizer state %3, activations and gradients %4, logits %5), more than the %7 available (%6). It would fit with: %8. To start it anyway: check_memory: false (tunedesk-cli train --no-memory-check).</translation>
    </message>
    <message>
        <source>This run needs about %1 of memory at its peak (weights %2, optimizer state %3, activations and gradients %4, logits %5), more than the %7 available (%6), and would not fit even with gradient checkpointing, batch size 1, LoRA and a cutoff of 128 tokens: a smaller model or more memory is needed. To start it anyway: check_memory: false (tunedesk-cli train --no-memory-check).</source>
        <translation>This run needs about %1 of memory at its peak (weights %2, optimizer state %3, activations and gradients %4, logits %5), more than the %7 available (%6), and would not fit even with gradient checkpointing, batch size 1, LoRA and a cutoff of 128 tokens: a smaller model or more memory is needed. To start it anyway: check_memory: false (tunedesk-cli train --no-memory-check).</translation>
    </message>
    <message>
        <source>wrong or missing setup code: from another machine, the administrator is created with the code `tunedesk-cli serve` printed when it started</source>
        <translation>wrong or missing setup code: from another machine, the administrator is created with the code `tunedesk-cli serve` printed when it started</translation>
    </message>
    <message>
        <source>too many wrong setup codes: restart the server for a new code, or create the administrator on the server itself (tunedesk-cli users add NAME --role admin)</source>
        <translation>too many wrong setup codes: restart the server for a new code, or create the administrator on the server itself (tunedesk-cli users add NAME --role admin)</translation>
    </message>
    <message>
        <source>HTTPS is not available: Qt found no TLS backend (install the libqt6network6 package&apos;s OpenSSL plugin)</source>
        <translation>HTTPS is not available: Qt found no TLS backend (install the libqt6network6 package&apos;s OpenSSL plugin)</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>the private key %1 does not belong to the certificate %2</source>
        <translation>the private key %1 does not belong to the certificate %2</translation>
    </message>
    <message>
        <source>the certificate %1 expired on %2</source>
        <translation>the certificate %1 expired on %2</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>cannot write %1: %2</translation>
    </message>
    <message>
        <source>making the self-signed certificate failed: %1</source>
        <translation>making the self-signed certificate failed: %1</translation>
    </message>
    <message>
        <source>%1: must be from %2 to %3, not %4</source>
        <translation>%1: must be from %2 to %3, not %4</translation>
    </message>
    <message>
        <source>%1: expected one of %2, not &apos;%3&apos;</source>
        <translation>%1: expected one of %2, not &apos;%3&apos;</translation>
    </message>
    <message numerus="yes">
        <source>%1 has personal data in %n row(s) (ID, phone or bank card numbers, e-mail addresses, licence plates, listed names); this run refuses it until it is masked (personal_data: refuse). Mask it (tunedesk-cli data fix FILE --mask-pii -o MASKED.jsonl) and train on the masked file, or let the run train with a warning. First ones:
%2</source>
        <translation>
            <numerusform>%1 has personal data in %n row (ID, phone or bank card numbers, e-mail addresses, licence plates, listed names); this run refuses it until it is masked (personal_data: refuse). Mask it (tunedesk-cli data fix FILE --mask-pii -o MASKED.jsonl) and train on the masked file, or let the run train with a warning. First ones:
%2</numerusform>
            <numerusform>%1 has personal data in %n rows (ID, phone or bank card numbers, e-mail addresses, licence plates, listed names); this run refuses it until it is masked (personal_data: refuse). Mask it (tunedesk-cli data fix FILE --mask-pii -o MASKED.jsonl) and train on the masked file, or let the run train with a warning. First ones:
%2</numerusform>
        </translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a method TuneDesk trains (lora, ptuning_v2, sft)</source>
        <translation>&apos;%1&apos; is not a method TuneDesk trains (lora, ptuning_v2, sft)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a model type TuneDesk knows (%2)</source>
        <translation>&apos;%1&apos; is not a model type TuneDesk knows (%2)</translation>
    </message>
    <message>
        <source>the dataset %1 does not exist</source>
        <translation>the dataset %1 does not exist</translation>
    </message>
    <message>
        <source>%1: expected %2</source>
        <translation>%1: expected %2</translation>
    </message>
    <message>
        <source>%1 has no row without errors to write new rows from</source>
        <translation>%1 has no row without errors to write new rows from</translation>
    </message>
    <message>
        <source>job %1 is not an augmentation; only an augmentation&apos;s candidates can be reviewed</source>
        <translation>job %1 is not an augmentation; only an augmentation&apos;s candidates can be reviewed</translation>
    </message>
    <message>
        <source>job %1 is %2; its candidates can be reviewed once it has finished or been cancelled</source>
        <translation>job %1 is %2; its candidates can be reviewed once it has finished or been cancelled</translation>
    </message>
    <message>
        <source>candidate %1: %2</source>
        <translation>candidate %1: %2</translation>
    </message>
</context>
<context>
    <name>ValidationRule</name>
    <message>
        <source>Missing column</source>
        <translation>Missing column</translation>
    </message>
    <message>
        <source>Duplicate column</source>
        <translation>Duplicate column</translation>
    </message>
    <message>
        <source>Extra column</source>
        <translation>Extra column</translation>
    </message>
    <message>
        <source>Malformed row</source>
        <translation>Malformed row</translation>
    </message>
    <message>
        <source>Blank line</source>
        <translation>Blank line</translation>
    </message>
    <message>
        <source>Spreadsheet layout</source>
        <translation>Spreadsheet layout</translation>
    </message>
    <message>
        <source>Value is not text</source>
        <translation>Value is not text</translation>
    </message>
    <message>
        <source>Encoding problem</source>
        <translation>Encoding problem</translation>
    </message>
    <message>
        <source>Empty field</source>
        <translation>Empty field</translation>
    </message>
    <message>
        <source>Too long</source>
        <translation>Too long</translation>
    </message>
    <message>
        <source>Too short</source>
        <translation>Too short</translation>
    </message>
    <message>
        <source>Answer repeats the question</source>
        <translation>Answer repeats the question</translation>
    </message>
    <message>
        <source>Duplicate row</source>
        <translation>Duplicate row</translation>
    </message>
    <message>
        <source>Same question, different answers</source>
        <translation>Same question, different answers</translation>
    </message>
    <message>
        <source>Control characters</source>
        <translation>Control characters</translation>
    </message>
    <message>
        <source>Few rows</source>
        <translation>Few rows</translation>
    </message>
    <message>
        <source>Many rows</source>
        <translation>Many rows</translation>
    </message>
    <message>
        <source>File too large</source>
        <translation>File too large</translation>
    </message>
    <message>
        <source>Personal data</source>
        <translation>Personal data</translation>
    </message>
</context>
<context>
    <name>WebPage</name>
    <message>
        <source>upload</source>
        <translation>upload</translation>
    </message>
    <message>
        <source>converted</source>
        <translation>converted</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>queued</translation>
    </message>
    <message>
        <source>running</source>
        <translation>running</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>completed</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>interrupted</translation>
    </message>
    <message>
        <source>adapter</source>
        <translation>adapter</translation>
    </message>
    <message>
        <source>model</source>
        <translation>model</translation>
    </message>
    <message>
        <source>merged model</source>
        <translation>merged model</translation>
    </message>
    <message>
        <source>Welcome to TuneDesk</source>
        <translation>Welcome to TuneDesk</translation>
    </message>
    <message>
        <source>Sign in to TuneDesk</source>
        <translation>Sign in to TuneDesk</translation>
    </message>
    <message>
        <source>Create and sign in</source>
        <translation>Create and sign in</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>The two passwords differ.</translation>
    </message>
    <message>
        <source>No datasets yet: upload one.</source>
        <translation>No datasets yet: upload one.</translation>
    </message>
    <message>
        <source>sheet “{sheet}” of the workbook’s {n}: {names}</source>
        <translation>sheet “{sheet}” of the workbook’s {n}: {names}</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>passed</translation>
    </message>
    <message>
        <source>has errors</source>
        <translation>has errors</translation>
    </message>
    <message>
        <source>valid rows</source>
        <translation>valid rows</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>rows</translation>
    </message>
    <message>
        <source>errors</source>
        <translation>errors</translation>
    </message>
    <message>
        <source>warnings</source>
        <translation>warnings</translation>
    </message>
    <message>
        <source>file</source>
        <translation>file</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Uploading {name}…</source>
        <translation>Uploading {name}…</translation>
    </message>
    <message>
        <source>Wrote {n} training rows to {path}.</source>
        <translation>Wrote {n} training rows to {path}.</translation>
    </message>
    <message>
        <source>Counting the rows in tokens…</source>
        <translation>Counting the rows in tokens…</translation>
    </message>
    <message>
        <source>Lengths not counted: {why}</source>
        <translation>Lengths not counted: {why}</translation>
    </message>
    <message>
        <source>All {n} rows fit the length limits (the longest is {max} tokens).</source>
        <translation>All {n} rows fit the length limits (the longest is {max} tokens).</translation>
    </message>
    <message>
        <source>{n} rows over the length limits will be left out ({prompt} prompt and {answer} answer tokens past the limits): lines {lines}</source>
        <translation>{n} rows over the length limits will be left out ({prompt} prompt and {answer} answer tokens past the limits): lines {lines}</translation>
    </message>
    <message>
        <source>{n} rows will be truncated ({prompt} prompt and {answer} answer tokens past the limits): lines {lines}</source>
        <translation>{n} rows will be truncated ({prompt} prompt and {answer} answer tokens past the limits): lines {lines}</translation>
    </message>
    <message>
        <source>gradient checkpointing</source>
        <translation>gradient checkpointing</translation>
    </message>
    <message>
        <source>batch size {b} with gradient accumulation {a}</source>
        <translation>batch size {b} with gradient accumulation {a}</translation>
    </message>
    <message>
        <source>LoRA instead of full fine-tuning</source>
        <translation>LoRA instead of full fine-tuning</translation>
    </message>
    <message>
        <source>at most {n} tokens per row</source>
        <translation>at most {n} tokens per row</translation>
    </message>
    <message>
        <source>your limit</source>
        <translation>your limit</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>RAM</source>
        <translation>RAM</translation>
    </message>
    <message>
        <source>Memory: about {need} (what the device has free is unknown).</source>
        <translation>Memory: about {need} (what the device has free is unknown).</translation>
    </message>
    <message>
        <source>Memory: about {need} of {have} available ({where}).</source>
        <translation>Memory: about {need} of {have} available ({where}).</translation>
    </message>
    <message>
        <source>Memory: about {need}, more than the {have} available ({where}).</source>
        <translation>Memory: about {need}, more than the {have} available ({where}).</translation>
    </message>
    <message>
        <source>It would fit with {change} (about {total}).</source>
        <translation>It would fit with {change} (about {total}).</translation>
    </message>
    <message>
        <source>Even the smallest settings would not fit: choose a smaller model.</source>
        <translation>Even the smallest settings would not fit: choose a smaller model.</translation>
    </message>
    <message>
        <source>Changed the settings to {change}.</source>
        <translation>Changed the settings to {change}.</translation>
    </message>
    <message>
        <source>min {min} · median {median} · p95 {p95} · max {max}</source>
        <translation>min {min} · median {median} · p95 {p95} · max {max}</translation>
    </message>
    <message>
        <source>limit {n}</source>
        <translation>limit {n}</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>no limit</translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation>Prompt tokens</translation>
    </message>
    <message>
        <source>Answer tokens</source>
        <translation>Answer tokens</translation>
    </message>
    <message>
        <source>Tokens per row</source>
        <translation>Tokens per row</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>tokens</translation>
    </message>
    <message>
        <source>number of rows</source>
        <translation>number of rows</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>Prompt tokens cut</source>
        <translation>Prompt tokens cut</translation>
    </message>
    <message>
        <source>Answer tokens cut</source>
        <translation>Answer tokens cut</translation>
    </message>
    <message>
        <source>Add a base model…</source>
        <translation>Add a base model…</translation>
    </message>
    <message>
        <source>This run would need about {need} of memory, more than the {have} available: use the settings that fit, or tick &quot;Start anyway&quot;.</source>
        <translation>This run would need about {need} of memory, more than the {have} available: use the settings that fit, or tick &quot;Start anyway&quot;.</translation>
    </message>
    <message>
        <source>Job {id} queued.</source>
        <translation>Job {id} queued.</translation>
    </message>
    <message>
        <source>No jobs yet.</source>
        <translation>No jobs yet.</translation>
    </message>
    <message>
        <source>compare</source>
        <translation>compare</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>unreadable</translation>
    </message>
    <message>
        <source>{n} errors</source>
        <translation>{n} errors</translation>
    </message>
    <message>
        <source>{n} warnings</source>
        <translation>{n} warnings</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>training loss</translation>
    </message>
    <message>
        <source>evaluation loss</source>
        <translation>evaluation loss</translation>
    </message>
    <message>
        <source>step</source>
        <translation>step</translation>
    </message>
    <message>
        <source>The runs&apos; settings are the same.</source>
        <translation>The runs&apos; settings are the same.</translation>
    </message>
    <message>
        <source>Settings that differ</source>
        <translation>Settings that differ</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>learning rate</translation>
    </message>
    <message>
        <source>No job {id} among yours.</source>
        <translation>No job {id} among yours.</translation>
    </message>
    <message>
        <source>step {step} of {total}</source>
        <translation>step {step} of {total}</translation>
    </message>
    <message>
        <source>about {eta} left</source>
        <translation>about {eta} left</translation>
    </message>
    <message>
        <source>{n} tokens/s</source>
        <translation>{n} tokens/s</translation>
    </message>
    <message>
        <source>loss {loss}</source>
        <translation>loss {loss}</translation>
    </message>
    <message>
        <source>Merging, then writing the GGUF file…</source>
        <translation>Merging, then writing the GGUF file…</translation>
    </message>
    <message>
        <source>Writing the adapter as GGUF…</source>
        <translation>Writing the adapter as GGUF…</translation>
    </message>
    <message>
        <source>Writing the base model and the adapter as GGUF…</source>
        <translation>Writing the base model and the adapter as GGUF…</translation>
    </message>
    <message>
        <source>Writing the GGUF file…</source>
        <translation>Writing the GGUF file…</translation>
    </message>
    <message>
        <source>Merging and writing the model…</source>
        <translation>Merging and writing the model…</translation>
    </message>
    <message>
        <source>Copying…</source>
        <translation>Copying…</translation>
    </message>
    <message>
        <source>Wrote {file}.</source>
        <translation>Wrote {file}.</translation>
    </message>
    <message>
        <source>Wrote the LoRA adapter {adapter} and its base model {file}.</source>
        <translation>Wrote the LoRA adapter {adapter} and its base model {file}.</translation>
    </message>
    <message>
        <source>Wrote the LoRA adapter {adapter} for the base model {file}.</source>
        <translation>Wrote the LoRA adapter {adapter} for the base model {file}.</translation>
    </message>
    <message>
        <source>Wrote the LoRA adapter {adapter} alone.</source>
        <translation>Wrote the LoRA adapter {adapter} alone.</translation>
    </message>
    <message>
        <source>Wrote {file} for Ollama.</source>
        <translation>Wrote {file} for Ollama.</translation>
    </message>
    <message>
        <source>Run it: {command}</source>
        <translation>Run it: {command}</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>Note: {note}</translation>
    </message>
    <message>
        <source>Wrote the {what} to {path}.</source>
        <translation>Wrote the {what} to {path}.</translation>
    </message>
    <message>
        <source>It is on your base models as {name}.</source>
        <translation>It is on your base models as {name}.</translation>
    </message>
    <message>
        <source>the rows the run held out</source>
        <translation>the rows the run held out</translation>
    </message>
    <message>
        <source>{done} of {total} answers</source>
        <translation>{done} of {total} answers</translation>
    </message>
    <message>
        <source>Loading the models…</source>
        <translation>Loading the models…</translation>
    </message>
    <message>
        <source>Cancelled; the last evaluation is kept.</source>
        <translation>Cancelled; the last evaluation is kept.</translation>
    </message>
    <message>
        <source>exact {exact} of {n} ({share}%), ROUGE-L {rouge}, BLEU-4 {bleu}</source>
        <translation>exact {exact} of {n} ({share}%), ROUGE-L {rouge}, BLEU-4 {bleu}</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>Held-out rows</source>
        <translation>Held-out rows</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>Base model</translation>
    </message>
    <message>
        <source>Fine-tuned</source>
        <translation>Fine-tuned</translation>
    </message>
    <message>
        <source>fine-tuned</source>
        <translation>fine-tuned</translation>
    </message>
    <message>
        <source>base model</source>
        <translation>base model</translation>
    </message>
    <message>
        <source>(no second model)</source>
        <translation>(no second model)</translation>
    </message>
    <message>
        <source>(no text)</source>
        <translation>(no text)</translation>
    </message>
    <message>
        <source>You</source>
        <translation>You</translation>
    </message>
    <message>
        <source>Ask a question below.</source>
        <translation>Ask a question below.</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s} s</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>This server is reachable from other machines over plain HTTP: your password and session cross the network unencrypted. Ask its administrator to serve it over HTTPS (tunedesk-cli serve --tls-self-signed).</source>
        <translation>This server is reachable from other machines over plain HTTP: your password and session cross the network unencrypted. Ask its administrator to serve it over HTTPS (tunedesk-cli serve --tls-self-signed).</translation>
    </message>
    <message>
        <source>No account exists yet. Create the administrator account: it signs in now and can add other users later.</source>
        <translation>No account exists yet. Create the administrator account: it signs in now and can add other users later.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>Repeat password</translation>
    </message>
    <message>
        <source>Setup code</source>
        <translation>Setup code</translation>
    </message>
    <message>
        <source>From another machine, the administrator is created with the one-time code that tunedesk-cli serve printed when it started.</source>
        <translation>From another machine, the administrator is created with the one-time code that tunedesk-cli serve printed when it started.</translation>
    </message>
    <message>
        <source>Drop a CSV or Excel file (text, result) or a JSONL file here</source>
        <translation>Drop a CSV or Excel file (text, result) or a JSONL file here</translation>
    </message>
    <message>
        <source>or choose a file</source>
        <translation>or choose a file</translation>
    </message>
    <message>
        <source>Your datasets</source>
        <translation>Your datasets</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Model type</source>
        <translation>Model type</translation>
    </message>
    <message>
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Medical</source>
        <translation>Medical</translation>
    </message>
    <message>
        <source>Legal</source>
        <translation>Legal</translation>
    </message>
    <message>
        <source>Validation share</source>
        <translation>Validation share</translation>
    </message>
    <message>
        <source>Trim white space</source>
        <translation>Trim white space</translation>
    </message>
    <message>
        <source>Drop exact duplicates</source>
        <translation>Drop exact duplicates</translation>
    </message>
    <message>
        <source>Convert to JSONL</source>
        <translation>Convert to JSONL</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Dataset</translation>
    </message>
    <message>
        <source>Lengths…</source>
        <translation>Lengths…</translation>
    </message>
    <message>
        <source>Use these settings</source>
        <translation>Use these settings</translation>
    </message>
    <message>
        <source>Start anyway</source>
        <translation>Start anyway</translation>
    </message>
    <message>
        <source>More settings</source>
        <translation>More settings</translation>
    </message>
    <message>
        <source>All settings (YAML)</source>
        <translation>All settings (YAML)</translation>
    </message>
    <message>
        <source>The method&apos;s shipped settings with the fields above; edit any key (GLM-4 finetune_demo&apos;s), load a config or save this one for tunedesk-cli train.</source>
        <translation>The method&apos;s shipped settings with the fields above; edit any key (GLM-4 finetune_demo&apos;s), load a config or save this one for tunedesk-cli train.</translation>
    </message>
    <message>
        <source>Load YAML…</source>
        <translation>Load YAML…</translation>
    </message>
    <message>
        <source>Save YAML</source>
        <translation>Save YAML</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>Start training</translation>
    </message>
    <message>
        <source>job id, e.g. j4f9a21c</source>
        <translation>job id, e.g. j4f9a21c</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>Compare the ticked runs</source>
        <translation>Compare the ticked runs</translation>
    </message>
    <message>
        <source>Runs compared</source>
        <translation>Runs compared</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Export the result</source>
        <translation>Export the result</translation>
    </message>
    <message>
        <source>Merge the LoRA adapter into the base model (a complete model)</source>
        <translation>Merge the LoRA adapter into the base model (a complete model)</translation>
    </message>
    <message>
        <source>Hugging Face folder</source>
        <translation>Hugging Face folder</translation>
    </message>
    <message>
        <source>GGUF for llama.cpp and Ollama</source>
        <translation>GGUF for llama.cpp and Ollama</translation>
    </message>
    <message>
        <source>Ollama Modelfile</source>
        <translation>Ollama Modelfile</translation>
    </message>
    <message>
        <source>The adapter alone</source>
        <translation>The adapter alone</translation>
    </message>
    <message>
        <source>base model GGUF (optional)</source>
        <translation>base model GGUF (optional)</translation>
    </message>
    <message>
        <source>Add it to my base models</source>
        <translation>Add it to my base models</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Base model vs fine-tuned</source>
        <translation>Base model vs fine-tuned</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>Evaluate</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Expected</translation>
    </message>
    <message>
        <source>Base ROUGE-L</source>
        <translation>Base ROUGE-L</translation>
    </message>
    <message>
        <source>Tuned ROUGE-L</source>
        <translation>Tuned ROUGE-L</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Side by side with</source>
        <translation>Side by side with</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperature</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>Max tokens</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>Clear history</translation>
    </message>
    <message>
        <source>Ask something… (Ctrl+Enter sends)</source>
        <translation>Ask something… (Ctrl+Enter sends)</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Base models</source>
        <translation>Base models</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architecture</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameters</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>Chat template</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Folder</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>Model folder</translation>
    </message>
    <message>
        <source>exports/NAME, or a folder with config.json</source>
        <translation>exports/NAME, or a folder with config.json</translation>
    </message>
    <message>
        <source>Name (optional)</source>
        <translation>Name (optional)</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Download a model</source>
        <translation>Download a model</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>ModelScope</source>
        <translation>ModelScope</translation>
    </message>
    <message>
        <source>Model id</source>
        <translation>Model id</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Download</translation>
    </message>
    <message>
        <source>Folder (optional)</source>
        <translation>Folder (optional)</translation>
    </message>
    <message>
        <source>Already on the server (Hugging Face and ModelScope caches)</source>
        <translation>Already on the server (Hugging Face and ModelScope caches)</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>user</source>
        <translation>user</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>administrator</translation>
    </message>
    <message>
        <source>API keys</source>
        <translation>API keys</translation>
    </message>
    <message>
        <source>Programs (scripts, OpenAI client libraries) use a key instead of signing in: Authorization: Bearer KEY.</source>
        <translation>Programs (scripts, OpenAI client libraries) use a key instead of signing in: Authorization: Bearer KEY.</translation>
    </message>
    <message>
        <source>Copy the new key now: it is not shown again.</source>
        <translation>Copy the new key now: it is not shown again.</translation>
    </message>
    <message>
        <source>Create a key</source>
        <translation>Create a key</translation>
    </message>
    <message>
        <source>Change your password</source>
        <translation>Change your password</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Current password</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>Change password</translation>
    </message>
    <message>
        <source>A folder in Hugging Face layout (config.json, *.safetensors, tokenizer.json): as an administrator you may name any folder on the server; a relative path starts in your workspace.</source>
        <translation>A folder in Hugging Face layout (config.json, *.safetensors, tokenizer.json): as an administrator you may name any folder on the server; a relative path starts in your workspace.</translation>
    </message>
    <message>
        <source>A folder in Hugging Face layout (config.json, *.safetensors, tokenizer.json) inside your workspace: a relative path such as exports/NAME starts there.</source>
        <translation>A folder in Hugging Face layout (config.json, *.safetensors, tokenizer.json) inside your workspace: a relative path such as exports/NAME starts there.</translation>
    </message>
    <message>
        <source>The config, tokenizer and safetensors weights only, each checked against the hub&apos;s checksum; it goes to models/NAME in your workspace unless you name a folder. A download that stopped resumes when started again into the same folder.</source>
        <translation>The config, tokenizer and safetensors weights only, each checked against the hub&apos;s checksum; it goes to models/NAME in your workspace unless you name a folder. A download that stopped resumes when started again into the same folder.</translation>
    </message>
    <message>
        <source>As an administrator you may name any folder on the server.</source>
        <translation>As an administrator you may name any folder on the server.</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>built-in</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Removed {name} from the list; its folder stays.</source>
        <translation>Removed {name} from the list; its folder stays.</translation>
    </message>
    <message>
        <source>Added {name}.</source>
        <translation>Added {name}.</translation>
    </message>
    <message>
        <source>{done} of {total} · {speed}/s · {left} left · {files} of {count} files</source>
        <translation>{done} of {total} · {speed}/s · {left} left · {files} of {count} files</translation>
    </message>
    <message>
        <source>asking the hub for its files…</source>
        <translation>asking the hub for its files…</translation>
    </message>
    <message>
        <source>Downloaded: on your base models as {name}.</source>
        <translation>Downloaded: on your base models as {name}.</translation>
    </message>
    <message>
        <source>Stopped when the server stopped, at {done} of {total}; Resume fetches what is missing.</source>
        <translation>Stopped when the server stopped, at {done} of {total}; Resume fetches what is missing.</translation>
    </message>
    <message>
        <source>No keys yet.</source>
        <translation>No keys yet.</translation>
    </message>
    <message>
        <source>created {when}</source>
        <translation>created {when}</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Revoke</translation>
    </message>
    <message>
        <source>Your password is changed; other sessions are signed out.</source>
        <translation>Your password is changed; other sessions are signed out.</translation>
    </message>
    <message>
        <source>{name} is now {role}.</source>
        <translation>{name} is now {role}.</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>Set</translation>
    </message>
    <message>
        <source>Set the password of {name}; their sessions are signed out.</source>
        <translation>Set the password of {name}; their sessions are signed out.</translation>
    </message>
    <message>
        <source>Remove the user {name}? Their files stay on disk.</source>
        <translation>Remove the user {name}? Their files stay on disk.</translation>
    </message>
    <message>
        <source>Removed the user {name}.</source>
        <translation>Removed the user {name}.</translation>
    </message>
    <message>
        <source>Added the user {name}.</source>
        <translation>Added the user {name}.</translation>
    </message>
    <message>
        <source>{fields} fields changed in {rows} rows</source>
        <translation>{fields} fields changed in {rows} rows</translation>
    </message>
    <message>
        <source>{n} exact duplicates left out</source>
        <translation>{n} exact duplicates left out</translation>
    </message>
    <message>
        <source>{n} near-duplicates left out</source>
        <translation>{n} near-duplicates left out</translation>
    </message>
    <message>
        <source>{n} rows with personal data, masked</source>
        <translation>{n} rows with personal data, masked</translation>
    </message>
    <message>
        <source>{n} rows with personal data, not masked</source>
        <translation>{n} rows with personal data, not masked</translation>
    </message>
    <message>
        <source>{out} of {in} rows kept</source>
        <translation>{out} of {in} rows kept</translation>
    </message>
    <message>
        <source>line {line} and {others}: the same question, answered differently (kept for you to decide)</source>
        <translation>line {line} and {others}: the same question, answered differently (kept for you to decide)</translation>
    </message>
    <message>
        <source>… and {n} more</source>
        <translation>… and {n} more</translation>
    </message>
    <message>
        <source>Wrote the cleaned version {name}; {source} stays as it was.</source>
        <translation>Wrote the cleaned version {name}; {source} stays as it was.</translation>
    </message>
    <message>
        <source>Clean into a new version</source>
        <translation>Clean into a new version</translation>
    </message>
    <message>
        <source>Collapse runs of spaces</source>
        <translation>Collapse runs of spaces</translation>
    </message>
    <message>
        <source>Remove invisible characters</source>
        <translation>Remove invisible characters</translation>
    </message>
    <message>
        <source>Mask personal data</source>
        <translation>Mask personal data</translation>
    </message>
    <message>
        <source>Letters and digits</source>
        <translation>Letters and digits</translation>
    </message>
    <message>
        <source>as they are</source>
        <translation>as they are</translation>
    </message>
    <message>
        <source>half width (ABC123)</source>
        <translation>half width (ABC123)</translation>
    </message>
    <message>
        <source>full width (ＡＢＣ１２３)</source>
        <translation>full width (ＡＢＣ１２３)</translation>
    </message>
    <message>
        <source>Chinese script</source>
        <translation>Chinese script</translation>
    </message>
    <message>
        <source>as it is</source>
        <translation>as it is</translation>
    </message>
    <message>
        <source>Near-duplicates (similarity; 0: keep)</source>
        <translation>Near-duplicates (similarity; 0: keep)</translation>
    </message>
    <message>
        <source>Names to find (separated by commas)</source>
        <translation>Names to find (separated by commas)</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>Write the new version</source>
        <translation>Write the new version</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Before</translation>
    </message>
    <message>
        <source>After</source>
        <translation>After</translation>
    </message>
    <message>
        <source>row {step} of {total}</source>
        <translation>row {step} of {total}</translation>
    </message>
    <message>
        <source>{n} candidates</source>
        <translation>{n} candidates</translation>
    </message>
    <message>
        <source>{id}: fine-tuned with {method}</source>
        <translation>{id}: fine-tuned with {method}</translation>
    </message>
    <message>
        <source>{id} (base model)</source>
        <translation>{id} (base model)</translation>
    </message>
    <message>
        <source>Job {id} is waiting for the job ahead of it in the queue.</source>
        <translation>Job {id} is waiting for the job ahead of it in the queue.</translation>
    </message>
    <message>
        <source>Job {id}: row {row} of {total}, {n} candidates so far.</source>
        <translation>Job {id}: row {row} of {total}, {n} candidates so far.</translation>
    </message>
    <message>
        <source>Job {id}: opening the model…</source>
        <translation>Job {id}: opening the model…</translation>
    </message>
    <message>
        <source>Job {id} failed: {error}</source>
        <translation>Job {id} failed: {error}</translation>
    </message>
    <message>
        <source>Job {id} was interrupted when TuneDesk closed; start again.</source>
        <translation>Job {id} was interrupted when TuneDesk closed; start again.</translation>
    </message>
    <message>
        <source>Job {id} was stopped; </source>
        <translation>Job {id} was stopped; </translation>
    </message>
    <message>
        <source>Job {id} is done; </source>
        <translation>Job {id} is done; </translation>
    </message>
    <message>
        <source>{n} candidates to review: {kept} kept ({edited} edited). </source>
        <translation>{n} candidates to review: {kept} kept ({edited} edited). </translation>
    </message>
    <message>
        <source>Untick what is wrong, correct what is almost right, then write the new version.</source>
        <translation>Untick what is wrong, correct what is almost right, then write the new version.</translation>
    </message>
    <message>
        <source>The candidates are not added to your data: you review them first.</source>
        <translation>The candidates are not added to your data: you review them first.</translation>
    </message>
    <message>
        <source>Wrote {name}: {rows} rows of {source} and {n} generated rows; {source} stays as it was.</source>
        <translation>Wrote {name}: {rows} rows of {source} and {n} generated rows; {source} stays as it was.</translation>
    </message>
    <message>
        <source>Augment with a model</source>
        <translation>Augment with a model</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>Write</translation>
    </message>
    <message>
        <source>Paraphrases of each question (the answer kept)</source>
        <translation>Paraphrases of each question (the answer kept)</translation>
    </message>
    <message>
        <source>New question/answer pairs from each answer</source>
        <translation>New question/answer pairs from each answer</translation>
    </message>
    <message>
        <source>Per row</source>
        <translation>Per row</translation>
    </message>
    <message>
        <source>Rows (0: all)</source>
        <translation>Rows (0: all)</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Keep all</source>
        <translation>Keep all</translation>
    </message>
    <message>
        <source>Keep none</source>
        <translation>Keep none</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Keep</translation>
    </message>
    <message>
        <source>From line</source>
        <translation>From line</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>Open the source (undo)</source>
        <translation>Open the source (undo)</translation>
    </message>
    <message>
        <source>cleaned</source>
        <translation>cleaned</translation>
    </message>
    <message>
        <source>augmented</source>
        <translation>augmented</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>changed</translation>
    </message>
    <message>
        <source>left out</source>
        <translation>left out</translation>
    </message>
    <message>
        <source>added</source>
        <translation>added</translation>
    </message>
    <message>
        <source>from {source}, {how}</source>
        <translation>from {source}, {how}</translation>
    </message>
    <message>
        <source>Changes from {source}</source>
        <translation>Changes from {source}</translation>
    </message>
    <message>
        <source>{source} is no longer in your workspace.</source>
        <translation>{source} is no longer in your workspace.</translation>
    </message>
    <message>
        <source>{before} rows before, {after} after: {same} the same, {changed} changed, {removed} left out, {added} added</source>
        <translation>{before} rows before, {after} after: {same} the same, {changed} changed, {removed} left out, {added} added</translation>
    </message>
    <message>
        <source>generated</source>
        <translation>generated</translation>
    </message>
    <message>
        <source>line {line} and those answered otherwise</source>
        <translation>line {line} and those answered otherwise</translation>
    </message>
    <message>
        <source>line {line} (the first)</source>
        <translation>line {line} (the first)</translation>
    </message>
    <message>
        <source>all of them</source>
        <translation>all of them</translation>
    </message>
    <message>
        <source>only line {line}</source>
        <translation>only line {line}</translation>
    </message>
    <message>
        <source>Near-duplicate lines</source>
        <translation>Near-duplicate lines</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>Kept</translation>
    </message>
    <message>
        <source>Prompt ({question}: the row&apos;s question, {answer}: its answer)</source>
        <translation>Prompt ({question}: the row&apos;s question, {answer}: its answer)</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::AugmentDialog</name>
    <message>
        <source>Augment %1 with a model</source>
        <translation>Augment %1 with a model</translation>
    </message>
    <message>
        <source>%1 (base model)</source>
        <translation>%1 (base model)</translation>
    </message>
    <message>
        <source>%1: %2 on %3</source>
        <translation>%1: %2 on %3</translation>
    </message>
    <message>
        <source>The model that writes the candidates: a base model, or one you fine-tuned</source>
        <translation>The model that writes the candidates: a base model, or one you fine-tuned</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Model:</translation>
    </message>
    <message>
        <source>Paraphrases of each question (the answer kept)</source>
        <translation>Paraphrases of each question (the answer kept)</translation>
    </message>
    <message>
        <source>New question/answer pairs from each answer</source>
        <translation>New question/answer pairs from each answer</translation>
    </message>
    <message>
        <source>Write:</source>
        <translation>Write:</translation>
    </message>
    <message>
        <source>Per row:</source>
        <translation>Per row:</translation>
    </message>
    <message>
        <source>all</source>
        <translation>all</translation>
    </message>
    <message>
        <source>Only the first rows without errors (all: every one)</source>
        <translation>Only the first rows without errors (all: every one)</translation>
    </message>
    <message>
        <source>Rows:</source>
        <translation>Rows:</translation>
    </message>
    <message>
        <source>Higher: more varied candidates, and more of them unusable</source>
        <translation>Higher: more varied candidates, and more of them unusable</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>Temperature:</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>The candidates are not added to your data: you review them first.</source>
        <translation>The candidates are not added to your data: you review them first.</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Keep</translation>
    </message>
    <message>
        <source>From line</source>
        <translation>From line</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>Keep all</source>
        <translation>Keep all</translation>
    </message>
    <message>
        <source>Keep none</source>
        <translation>Keep none</translation>
    </message>
    <message>
        <source>Write the new version</source>
        <translation>Write the new version</translation>
    </message>
    <message>
        <source>No model to write with: add a base model in the Models tab first.</source>
        <translation>No model to write with: add a base model in the Models tab first.</translation>
    </message>
    <message>
        <source>Cannot start: %1</source>
        <translation>Cannot start: %1</translation>
    </message>
    <message>
        <source>Job %1 is waiting for the job ahead of it in the queue.</source>
        <translation>Job %1 is waiting for the job ahead of it in the queue.</translation>
    </message>
    <message numerus="yes">
        <source>Job %1: row %2 of %3, %n candidate(s) so far.</source>
        <translation>
            <numerusform>Job %1: row %2 of %3, %n candidate so far.</numerusform>
            <numerusform>Job %1: row %2 of %3, %n candidates so far.</numerusform>
        </translation>
    </message>
    <message>
        <source>Job %1: opening the model…</source>
        <translation>Job %1: opening the model…</translation>
    </message>
    <message>
        <source>Job %1 failed: %2</source>
        <translation>Job %1 failed: %2</translation>
    </message>
    <message>
        <source>Job %1 was interrupted when TuneDesk closed; start again.</source>
        <translation>Job %1 was interrupted when TuneDesk closed; start again.</translation>
    </message>
    <message>
        <source>The candidates of job %1 cannot be read: %2</source>
        <translation>The candidates of job %1 cannot be read: %2</translation>
    </message>
    <message>
        <source>Job %1 was stopped; </source>
        <translation>Job %1 was stopped; </translation>
    </message>
    <message>
        <source>Job %1 is done; </source>
        <translation>Job %1 is done; </translation>
    </message>
    <message numerus="yes">
        <source>%n candidate(s) to review: </source>
        <translation>
            <numerusform>%n candidate to review: </numerusform>
            <numerusform>%n candidates to review: </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n kept</source>
        <translation>
            <numerusform>%n kept</numerusform>
            <numerusform>%n kept</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%n edited). </source>
        <translation>
            <numerusform> (%n edited). </numerusform>
            <numerusform> (%n edited). </numerusform>
        </translation>
    </message>
    <message>
        <source>Untick what is wrong, correct what is almost right, then write the new version.</source>
        <translation>Untick what is wrong, correct what is almost right, then write the new version.</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1: %2 row(s) of %3 and %n generated row(s); %3 stays as it was.</source>
        <translation>
            <numerusform>Wrote %1: %2 row(s) of %3 and %n generated row; %3 stays as it was.</numerusform>
            <numerusform>Wrote %1: %2 row(s) of %3 and %n generated rows; %3 stays as it was.</numerusform>
        </translation>
    </message>
    <message>
        <source>Writing failed: %1</source>
        <translation>Writing failed: %1</translation>
    </message>
    <message>
        <source>What the model is asked for each row: {question} is the row&apos;s question, {answer} its answer. Edit it for this job; the templates are in resources/augmentation.yaml</source>
        <translation>What the model is asked for each row: {question} is the row&apos;s question, {answer} its answer. Edit it for this job; the templates are in resources/augmentation.yaml</translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation>Prompt:</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::ChatTab</name>
    <message>
        <source>Model:</source>
        <translation>Model:</translation>
    </message>
    <message>
        <source>Open folder…</source>
        <translation>Open folder…</translation>
    </message>
    <message>
        <source>An exported model, an adapter or a training run folder</source>
        <translation>An exported model, an adapter or a training run folder</translation>
    </message>
    <message>
        <source>Open a model, adapter or run folder</source>
        <translation>Open a model, adapter or run folder</translation>
    </message>
    <message>
        <source>System:</source>
        <translation>System:</translation>
    </message>
    <message>
        <source>empty: the instruction the model was trained with</source>
        <translation>empty: the instruction the model was trained with</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>Temperature:</translation>
    </message>
    <message>
        <source>0 (greedy)</source>
        <translation>0 (greedy)</translation>
    </message>
    <message>
        <source>0 always takes the most likely token; higher values vary the answers more.</source>
        <translation>0 always takes the most likely token; higher values vary the answers more.</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p:</translation>
    </message>
    <message>
        <source>Max tokens:</source>
        <translation>Max tokens:</translation>
    </message>
    <message>
        <source>Ask something… (Ctrl+Enter sends)</source>
        <translation>Ask something… (Ctrl+Enter sends)</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Send</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>Clear history</translation>
    </message>
    <message>
        <source>Answering with %1 …</source>
        <translation>Answering with %1 …</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Error: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n token(s) in %1 s (%2 tokens/s)</source>
        <translation>
            <numerusform>%n token in %1 s (%2 tokens/s)</numerusform>
            <numerusform>%n tokens in %1 s (%2 tokens/s)</numerusform>
        </translation>
    </message>
    <message>
        <source>cut at the token limit</source>
        <translation>cut at the token limit</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>stopped</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>Ready.</translation>
    </message>
    <message>
        <source>The model could not answer: %1</source>
        <translation>The model could not answer: %1</translation>
    </message>
    <message>
        <source>%1 · %2 on %3 (fine-tuned)</source>
        <translation>%1 · %2 on %3 (fine-tuned)</translation>
    </message>
    <message>
        <source>%1 (base model)</source>
        <translation>%1 (base model)</translation>
    </message>
    <message>
        <source>Base model: %1</source>
        <translation>Base model: %1</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>Base model</translation>
    </message>
    <message>
        <source>You</source>
        <translation>You</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>(no text)</source>
        <translation>(no text)</translation>
    </message>
    <message>
        <source>Ask a question below. A fine-tuned model is asked with the instruction it was trained with.</source>
        <translation>Ask a question below. A fine-tuned model is asked with the instruction it was trained with.</translation>
    </message>
    <message>
        <source>Side by side with</source>
        <translation>Side by side with</translation>
    </message>
    <message>
        <source>Ask a second model the same questions and show both answers next to each other</source>
        <translation>Ask a second model the same questions and show both answers next to each other</translation>
    </message>
    <message>
        <source>its base model</source>
        <translation>its base model</translation>
    </message>
    <message>
        <source>This is a base model: choose a second model to compare it with.</source>
        <translation>This is a base model: choose a second model to compare it with.</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::CleanDialog</name>
    <message>
        <source>Clean %1 into a new version</source>
        <translation>Clean %1 into a new version</translation>
    </message>
    <message>
        <source>Trim white space</source>
        <translation>Trim white space</translation>
    </message>
    <message>
        <source>Collapse runs of spaces</source>
        <translation>Collapse runs of spaces</translation>
    </message>
    <message>
        <source>Remove invisible characters</source>
        <translation>Remove invisible characters</translation>
    </message>
    <message>
        <source>Drop exact duplicates</source>
        <translation>Drop exact duplicates</translation>
    </message>
    <message>
        <source>Mask personal data</source>
        <translation>Mask personal data</translation>
    </message>
    <message>
        <source>ID, phone and bank card numbers, e-mail addresses, licence plates and the names below become numbered placeholders, the same value the same everywhere ([手机号1])</source>
        <translation>ID, phone and bank card numbers, e-mail addresses, licence plates and the names below become numbered placeholders, the same value the same everywhere ([手机号1])</translation>
    </message>
    <message>
        <source>as they are</source>
        <translation>as they are</translation>
    </message>
    <message>
        <source>half width (ABC123)</source>
        <translation>half width (ABC123)</translation>
    </message>
    <message>
        <source>full width (ＡＢＣ１２３)</source>
        <translation>full width (ＡＢＣ１２３)</translation>
    </message>
    <message>
        <source>Letters and digits:</source>
        <translation>Letters and digits:</translation>
    </message>
    <message>
        <source>as it is</source>
        <translation>as it is</translation>
    </message>
    <message>
        <source>Chinese script:</source>
        <translation>Chinese script:</translation>
    </message>
    <message>
        <source>keep them</source>
        <translation>keep them</translation>
    </message>
    <message>
        <source>Rows whose question and answer are at least this similar to an earlier row&apos;s are left out (character 3-grams); the same question answered differently is kept and named</source>
        <translation>Rows whose question and answer are at least this similar to an earlier row&apos;s are left out (character 3-grams); the same question answered differently is kept and named</translation>
    </message>
    <message>
        <source>Near-duplicates (similarity):</source>
        <translation>Near-duplicates (similarity):</translation>
    </message>
    <message>
        <source>names to find as personal data, separated by commas</source>
        <translation>names to find as personal data, separated by commas</translation>
    </message>
    <message>
        <source>Names:</source>
        <translation>Names:</translation>
    </message>
    <message>
        <source>Preview to see every change before the new version is written.</source>
        <translation>Preview to see every change before the new version is written.</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>Before</translation>
    </message>
    <message>
        <source>After</source>
        <translation>After</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>Write the new version</source>
        <translation>Write the new version</translation>
    </message>
    <message>
        <source>Cleaning failed: %1</source>
        <translation>Cleaning failed: %1</translation>
    </message>
    <message>
        <source>Writing the new version…</source>
        <translation>Writing the new version…</translation>
    </message>
    <message>
        <source>Cleaning…</source>
        <translation>Cleaning…</translation>
    </message>
    <message>
        <source>%1 field(s) changed in %2 row(s)</source>
        <translation>%1 field(s) changed in %2 row(s)</translation>
    </message>
    <message>
        <source>%1 exact duplicate(s) left out</source>
        <translation>%1 exact duplicate(s) left out</translation>
    </message>
    <message>
        <source>%1 near-duplicate(s) left out</source>
        <translation>%1 near-duplicate(s) left out</translation>
    </message>
    <message>
        <source>%1 row(s) with personal data, masked</source>
        <translation>%1 row(s) with personal data, masked</translation>
    </message>
    <message>
        <source>%1 row(s) with personal data, not masked</source>
        <translation>%1 row(s) with personal data, not masked</translation>
    </message>
    <message>
        <source>%1 of %2 rows kept</source>
        <translation>%1 of %2 rows kept</translation>
    </message>
    <message>
        <source> · </source>
        <translation> · </translation>
    </message>
    <message>
        <source>Line %1 and %2: the same question, answered differently (kept for you to decide)</source>
        <translation>Line %1 and %2: the same question, answered differently (kept for you to decide)</translation>
    </message>
    <message>
        <source>Wrote %1; %2 stays as it was.</source>
        <translation>Wrote %1; %2 stays as it was.</translation>
    </message>
    <message>
        <source>Near-duplicate lines</source>
        <translation>Near-duplicate lines</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Keep</translation>
    </message>
    <message>
        <source>First question</source>
        <translation>First question</translation>
    </message>
    <message>
        <source>line %1 (the first)</source>
        <translation>line %1 (the first)</translation>
    </message>
    <message>
        <source>line %1 and those answered otherwise</source>
        <translation>line %1 and those answered otherwise</translation>
    </message>
    <message>
        <source>all of them</source>
        <translation>all of them</translation>
    </message>
    <message>
        <source>only line %1</source>
        <translation>only line %1</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::DataTab</name>
    <message>
        <source>Your files</source>
        <translation>Your files</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Uploads (kept as uploaded)</source>
        <translation>Uploads (kept as uploaded)</translation>
    </message>
    <message>
        <source>Converted datasets</source>
        <translation>Converted datasets</translation>
    </message>
    <message>
        <source>Encoding:</source>
        <translation>Encoding:</translation>
    </message>
    <message>
        <source>Detect automatically</source>
        <translation>Detect automatically</translation>
    </message>
    <message>
        <source>Excel saves CSV as GBK, UTF-8 with BOM or UTF-16; TuneDesk detects which. Choose one here if the preview shows garbled text.</source>
        <translation>Excel saves CSV as GBK, UTF-8 with BOM or UTF-16; TuneDesk detects which. Choose one here if the preview shows garbled text.</translation>
    </message>
    <message>
        <source>Open a dataset</source>
        <translation>Open a dataset</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>Cannot open %1: %2</translation>
    </message>
    <message>
        <source>Cannot keep %1 in your workspace: %2</source>
        <translation>Cannot keep %1 in your workspace: %2</translation>
    </message>
    <message>
        <source>Reading and checking %1 …</source>
        <translation>Reading and checking %1 …</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; could not be read: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; could not be read: %2</translation>
    </message>
    <message>
        <source> with BOM</source>
        <translation> with BOM</translation>
    </message>
    <message>
        <source> (detected)</source>
        <translation> (detected)</translation>
    </message>
    <message>
        <source> (chosen)</source>
        <translation> (chosen)</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; — %2, %3 · %n row(s), %4 without errors · %5 error(s), %6 warning(s)</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; — %2, %3 · %n row, %4 without errors · %5 error, %6 warning</numerusform>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; — %2, %3 · %n rows, %4 without errors · %5 errors, %6 warnings</numerusform>
        </translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>The verdict of each file&apos;s validation: ✔ usable, ✘ with errors</source>
        <translation>The verdict of each file&apos;s validation: ✔ usable, ✘ with errors</translation>
    </message>
    <message>
        <source>open to check</source>
        <translation>open to check</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>unreadable</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
    <message>
        <source>passed</source>
        <translation>passed</translation>
    </message>
    <message numerus="yes">
        <source>%n usable row(s)</source>
        <translation>
            <numerusform>%n usable row</numerusform>
            <numerusform>%n usable rows</numerusform>
        </translation>
    </message>
    <message>
        <source>Open CSV, Excel or JSONL…</source>
        <translation>Open CSV, Excel or JSONL…</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>Sheet:</translation>
    </message>
    <message>
        <source>The workbook&apos;s sheet to read: the first row with values names the columns text and result.</source>
        <translation>The workbook&apos;s sheet to read: the first row with values names the columns text and result.</translation>
    </message>
    <message>
        <source>Open a CSV or Excel file with the columns &lt;b&gt;text&lt;/b&gt; (the question) and &lt;b&gt;result&lt;/b&gt; (the answer), or a JSONL file, or drop one here.</source>
        <translation>Open a CSV or Excel file with the columns &lt;b&gt;text&lt;/b&gt; (the question) and &lt;b&gt;result&lt;/b&gt; (the answer), or a JSONL file, or drop one here.</translation>
    </message>
    <message>
        <source>Datasets (%1);;All files (*)</source>
        <translation>Datasets (%1);;All files (*)</translation>
    </message>
    <message>
        <source>sheet &quot;%1&quot;</source>
        <translation>sheet &quot;%1&quot;</translation>
    </message>
    <message>
        <source>Made from</source>
        <translation>Made from</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Clean…</source>
        <translation>Clean…</translation>
    </message>
    <message>
        <source>Fix characters, the Chinese script, duplicates and personal data into a new version</source>
        <translation>Fix characters, the Chinese script, duplicates and personal data into a new version</translation>
    </message>
    <message>
        <source>Augment…</source>
        <translation>Augment…</translation>
    </message>
    <message>
        <source>A model writes paraphrases or new question/answer pairs, for you to review</source>
        <translation>A model writes paraphrases or new question/answer pairs, for you to review</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::DownloadDialog</name>
    <message>
        <source>Download a base model</source>
        <translation>Download a base model</translation>
    </message>
    <message>
        <source>Hugging Face</source>
        <translation>Hugging Face</translation>
    </message>
    <message>
        <source>ModelScope (魔搭)</source>
        <translation>ModelScope (魔搭)</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>From:</translation>
    </message>
    <message>
        <source>The model&apos;s id on the hub, owner/name, as in its address</source>
        <translation>The model&apos;s id on the hub, owner/name, as in its address</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>Model:</translation>
    </message>
    <message>
        <source>Revision:</source>
        <translation>Revision:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Where the model&apos;s folder goes</source>
        <translation>Where the model&apos;s folder goes</translation>
    </message>
    <message>
        <source>Save to:</source>
        <translation>Save to:</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Download</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>&lt;b&gt;Already on this computer&lt;/b&gt; (the Hugging Face and ModelScope caches):</source>
        <translation>&lt;b&gt;Already on this computer&lt;/b&gt; (the Hugging Face and ModelScope caches):</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Cache</source>
        <translation>Cache</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>Architecture</translation>
    </message>
    <message>
        <source>From %1 (%2 names another address, such as a mirror). %3</source>
        <translation>From %1 (%2 names another address, such as a mirror). %3</translation>
    </message>
    <message>
        <source>No token: gated and private models need %1.</source>
        <translation>No token: gated and private models need %1.</translation>
    </message>
    <message>
        <source>A token is set.</source>
        <translation>A token is set.</translation>
    </message>
    <message>
        <source>none found in %1 or %2</source>
        <translation>none found in %1 or %2</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Choose the folder the model goes to.</source>
        <translation>Choose the folder the model goes to.</translation>
    </message>
    <message>
        <source>Runs in the background under the training jobs; you can close this window and go on working</source>
        <translation>Runs in the background under the training jobs; you can close this window and go on working</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::DownloadsPanel</name>
    <message>
        <source>asking the hub for its files…</source>
        <translation>asking the hub for its files…</translation>
    </message>
    <message>
        <source>%1 of %2 · %3/s · %4 left · %5 of %6 files</source>
        <translation>%1 of %2 · %3/s · %4 left · %5 of %6 files</translation>
    </message>
    <message>
        <source>Downloaded: on your base models as %1.</source>
        <translation>Downloaded: on your base models as %1.</translation>
    </message>
    <message>
        <source>Stopped when TuneDesk closed, at %1 of %2; Resume fetches what is missing.</source>
        <translation>Stopped when TuneDesk closed, at %1 of %2; Resume fetches what is missing.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Model downloads&lt;/b&gt;</source>
        <translation>&lt;b&gt;Model downloads&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>From</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Folder</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>revision %1</source>
        <translation>revision %1</translation>
    </message>
    <message>
        <source>Hugging Face</source>
        <translation>Hugging Face</translation>
    </message>
    <message>
        <source>ModelScope (魔搭)</source>
        <translation>ModelScope (魔搭)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Stops; what was fetched stays, and Resume goes on from there</source>
        <translation>Stops; what was fetched stays, and Resume goes on from there</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Fetches only what is missing</source>
        <translation>Fetches only what is missing</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::EvaluationDialog</name>
    <message>
        <source>Evaluate job %1 against its base model</source>
        <translation>Evaluate job %1 against its base model</translation>
    </message>
    <message>
        <source>The base model and the fine-tuned one answer the same questions (greedy); each answer is scored against the expected one (ROUGE-L and BLEU-4 over characters).</source>
        <translation>The base model and the fine-tuned one answer the same questions (greedy); each answer is scored against the expected one (ROUGE-L and BLEU-4 over characters).</translation>
    </message>
    <message>
        <source>The rows the run held out</source>
        <translation>The rows the run held out</translation>
    </message>
    <message>
        <source>A file:</source>
        <translation>A file:</translation>
    </message>
    <message>
        <source>CSV, Excel or JSONL with the run&apos;s columns</source>
        <translation>CSV, Excel or JSONL with the run&apos;s columns</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Rows to evaluate on</source>
        <translation>Rows to evaluate on</translation>
    </message>
    <message>
        <source>Datasets (%1)</source>
        <translation>Datasets (%1)</translation>
    </message>
    <message>
        <source>Longest answer:</source>
        <translation>Longest answer:</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> tokens</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>Evaluate</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>%v of %m answers</source>
        <translation>%v of %m answers</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Expected</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>Base model</translation>
    </message>
    <message>
        <source>Fine-tuned</source>
        <translation>Fine-tuned</translation>
    </message>
    <message>
        <source>Base ROUGE-L</source>
        <translation>Base ROUGE-L</translation>
    </message>
    <message>
        <source>Tuned ROUGE-L</source>
        <translation>Tuned ROUGE-L</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <source>Export JSONL…</source>
        <translation>Export JSONL…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Cancelled; the last evaluation is kept.</source>
        <translation>Cancelled; the last evaluation is kept.</translation>
    </message>
    <message>
        <source>Cannot evaluate: %1</source>
        <translation>Cannot evaluate: %1</translation>
    </message>
    <message>
        <source>Kept with the run: %1</source>
        <translation>Kept with the run: %1</translation>
    </message>
    <message>
        <source>The last evaluation, kept with the run.</source>
        <translation>The last evaluation, kept with the run.</translation>
    </message>
    <message>
        <source>The kept evaluation cannot be read (%1); evaluate again.</source>
        <translation>The kept evaluation cannot be read (%1); evaluate again.</translation>
    </message>
    <message>
        <source>Choose the file to evaluate on.</source>
        <translation>Choose the file to evaluate on.</translation>
    </message>
    <message>
        <source>Loading the models…</source>
        <translation>Loading the models…</translation>
    </message>
    <message>
        <source>Stopping after the answer being written…</source>
        <translation>Stopping after the answer being written…</translation>
    </message>
    <message>
        <source>exact %1 of %2 (%3%), ROUGE-L %4, BLEU-4 %5</source>
        <translation>exact %1 of %2 (%3%), ROUGE-L %4, BLEU-4 %5</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; of %2 · &lt;b&gt;Base model&lt;/b&gt;: %3 · &lt;b&gt;Fine-tuned&lt;/b&gt;: %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; of %2 · &lt;b&gt;Base model&lt;/b&gt;: %3 · &lt;b&gt;Fine-tuned&lt;/b&gt;: %4</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>Held-out rows</source>
        <translation>Held-out rows</translation>
    </message>
    <message>
        <source>Export the evaluation</source>
        <translation>Export the evaluation</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>Written: %1</source>
        <translation>Written: %1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Cannot write %1: %2</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::ExamplesModel</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>Instruction</translation>
    </message>
    <message>
        <source>Input (text)</source>
        <translation>Input (text)</translation>
    </message>
    <message>
        <source>Output (result)</source>
        <translation>Output (result)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::ExportDialog</name>
    <message>
        <source>Export %1</source>
        <translation>Export %1</translation>
    </message>
    <message>
        <source>Job &lt;b&gt;%1&lt;/b&gt;: %2 on %3.</source>
        <translation>Job &lt;b&gt;%1&lt;/b&gt;: %2 on %3.</translation>
    </message>
    <message>
        <source>Merge the LoRA adapter into the base model (a complete model)</source>
        <translation>Merge the LoRA adapter into the base model (a complete model)</translation>
    </message>
    <message>
        <source>Unticked: the adapter alone, in PEFT&apos;s layout (loads in Python PEFT on top of the base model).</source>
        <translation>Unticked: the adapter alone, in PEFT&apos;s layout (loads in Python PEFT on top of the base model).</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Write to:</source>
        <translation>Write to:</translation>
    </message>
    <message>
        <source>Add it to my base models</source>
        <translation>Add it to my base models</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Export to a new or empty folder</source>
        <translation>Export to a new or empty folder</translation>
    </message>
    <message>
        <source>Cannot export: %1</source>
        <translation>Cannot export: %1</translation>
    </message>
    <message>
        <source>Choose the folder to write (a full path).</source>
        <translation>Choose the folder to write (a full path).</translation>
    </message>
    <message>
        <source>Merging and writing the model…</source>
        <translation>Merging and writing the model…</translation>
    </message>
    <message>
        <source>Copying…</source>
        <translation>Copying…</translation>
    </message>
    <message>
        <source>Hugging Face folder (safetensors)</source>
        <translation>Hugging Face folder (safetensors)</translation>
    </message>
    <message>
        <source>GGUF file for llama.cpp and Ollama</source>
        <translation>GGUF file for llama.cpp and Ollama</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>F16 (half the size of F32, no loss to speak of)</source>
        <translation>F16 (half the size of F32, no loss to speak of)</translation>
    </message>
    <message>
        <source>Q8_0 (8-bit, a quarter of F32)</source>
        <translation>Q8_0 (8-bit, a quarter of F32)</translation>
    </message>
    <message>
        <source>Q4_K_M (4-bit, about a seventh of F32; Ollama&apos;s usual choice)</source>
        <translation>Q4_K_M (4-bit, about a seventh of F32; Ollama&apos;s usual choice)</translation>
    </message>
    <message>
        <source>Q4_0 (4-bit, the simplest)</source>
        <translation>Q4_0 (4-bit, the simplest)</translation>
    </message>
    <message>
        <source>BF16</source>
        <translation>BF16</translation>
    </message>
    <message>
        <source>F32 (exact)</source>
        <translation>F32 (exact)</translation>
    </message>
    <message>
        <source>The weight matrices&apos; type in the GGUF file; norms and biases stay F32.</source>
        <translation>The weight matrices&apos; type in the GGUF file; norms and biases stay F32.</translation>
    </message>
    <message>
        <source>GGUF type:</source>
        <translation>GGUF type:</translation>
    </message>
    <message>
        <source>A P-Tuning v2 prefix has no place in a GGUF file: llama.cpp has no prefix tuning.</source>
        <translation>A P-Tuning v2 prefix has no place in a GGUF file: llama.cpp has no prefix tuning.</translation>
    </message>
    <message>
        <source>Merging, then writing the GGUF file…</source>
        <translation>Merging, then writing the GGUF file…</translation>
    </message>
    <message>
        <source>Writing the GGUF file…</source>
        <translation>Writing the GGUF file…</translation>
    </message>
    <message>
        <source>Also write an Ollama Modelfile</source>
        <translation>Also write an Ollama Modelfile</translation>
    </message>
    <message>
        <source>The chat template, the model type&apos;s system instruction and the stop tokens, so that &quot;ollama create NAME -f Modelfile&quot; is the only step left.</source>
        <translation>The chat template, the model type&apos;s system instruction and the stop tokens, so that &quot;ollama create NAME -f Modelfile&quot; is the only step left.</translation>
    </message>
    <message>
        <source>Writing the base model and the adapter as GGUF…</source>
        <translation>Writing the base model and the adapter as GGUF…</translation>
    </message>
    <message>
        <source>The adapter alone (its base model&apos;s GGUF is converted already)</source>
        <translation>The adapter alone (its base model&apos;s GGUF is converted already)</translation>
    </message>
    <message>
        <source>Writes only the small adapter file; name the base model&apos;s GGUF file to have it checked against the adapter and used in the commands and the Modelfile.</source>
        <translation>Writes only the small adapter file; name the base model&apos;s GGUF file to have it checked against the adapter and used in the commands and the Modelfile.</translation>
    </message>
    <message>
        <source>the base model&apos;s .gguf file (optional; needed for Ollama)</source>
        <translation>the base model&apos;s .gguf file (optional; needed for Ollama)</translation>
    </message>
    <message>
        <source>The base model&apos;s GGUF file</source>
        <translation>The base model&apos;s GGUF file</translation>
    </message>
    <message>
        <source>GGUF files (*.gguf)</source>
        <translation>GGUF files (*.gguf)</translation>
    </message>
    <message>
        <source>Base GGUF:</source>
        <translation>Base GGUF:</translation>
    </message>
    <message>
        <source>Writing the adapter as GGUF…</source>
        <translation>Writing the adapter as GGUF…</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::LengthsDialog</name>
    <message>
        <source>tokens</source>
        <translation>tokens</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>rows</translation>
    </message>
    <message>
        <source>%1 (limit %2)</source>
        <translation>%1 (limit %2)</translation>
    </message>
    <message>
        <source>%1 (no limit)</source>
        <translation>%1 (no limit)</translation>
    </message>
    <message>
        <source>min %1 · median %2 · p95 %3 · max %4 tokens</source>
        <translation>min %1 · median %2 · p95 %3 · max %4 tokens</translation>
    </message>
    <message>
        <source>Token lengths of %1</source>
        <translation>Token lengths of %1</translation>
    </message>
    <message numerus="yes">
        <source>All %n row(s) fit the limits, counted with the base model&apos;s tokenizer and chat template, the system instruction included.</source>
        <translation>
            <numerusform>The %n row fits the limits, counted with the base model&apos;s tokenizer and chat template, the system instruction included.</numerusform>
            <numerusform>All %n rows fit the limits, counted with the base model&apos;s tokenizer and chat template, the system instruction included.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) are over the limits and will be left out (overlength: drop).</source>
        <translation>
            <numerusform>%n row is over the limits and will be left out (overlength: drop).</numerusform>
            <numerusform>%n rows are over the limits and will be left out (overlength: drop).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) are over the limits and will be truncated; %1 prompt and %2 answer tokens are lost.</source>
        <translation>
            <numerusform>%n row is over the limits and will be truncated; %1 prompt and %2 answer tokens are lost.</numerusform>
            <numerusform>%n rows are over the limits and will be truncated; %1 prompt and %2 answer tokens are lost.</numerusform>
        </translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation>Prompt tokens</translation>
    </message>
    <message>
        <source>Answer tokens</source>
        <translation>Answer tokens</translation>
    </message>
    <message>
        <source>Tokens per row</source>
        <translation>Tokens per row</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>Prompt tokens cut</source>
        <translation>Prompt tokens cut</translation>
    </message>
    <message>
        <source>Answer tokens cut</source>
        <translation>Answer tokens cut</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::LoginDialog</name>
    <message>
        <source>TuneDesk — first start</source>
        <translation>TuneDesk — first start</translation>
    </message>
    <message>
        <source>TuneDesk — sign in</source>
        <translation>TuneDesk — sign in</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Welcome to TuneDesk&lt;/h3&gt;No account exists yet. Create the administrator account: it signs in now and can add other users later.</source>
        <translation>&lt;h3&gt;Welcome to TuneDesk&lt;/h3&gt;No account exists yet. Create the administrator account: it signs in now and can add other users later.</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Sign in to TuneDesk&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Sign in to TuneDesk&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>e.g. admin</source>
        <translation>e.g. admin</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>User name:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Password:</translation>
    </message>
    <message numerus="yes">
        <source>at least %n characters</source>
        <translation>
            <numerusform>at least %n character</numerusform>
            <numerusform>at least %n characters</numerusform>
        </translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>Repeat password:</translation>
    </message>
    <message>
        <source>Create and sign in</source>
        <translation>Create and sign in</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>Enter a user name.</source>
        <translation>Enter a user name.</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>The two passwords differ.</translation>
    </message>
    <message numerus="yes">
        <source>Too many failed attempts: try again in %n seconds.</source>
        <translation>
            <numerusform>Too many failed attempts: try again in %n second.</numerusform>
            <numerusform>Too many failed attempts: try again in %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Wrong user name or password.</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::MainWindow</name>
    <message>
        <source>TuneDesk</source>
        <translation>TuneDesk</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Data</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Validation</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>Chat</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Open dataset…</source>
        <translation>&amp;Open dataset…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About TuneDesk</source>
        <translation>&amp;About TuneDesk</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2) · data in %3</source>
        <translation>Signed in as %1 (%2) · data in %3</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>administrator</translation>
    </message>
    <message>
        <source>user</source>
        <translation>user</translation>
    </message>
    <message>
        <source>About TuneDesk</source>
        <translation>About TuneDesk</translation>
    </message>
    <message>
        <source>&lt;h3&gt;TuneDesk %1&lt;/h3&gt;&lt;p&gt;Instruction fine-tuning of large language models on your own computer: LoRA, P-Tuning v2 and full fine-tuning.&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;TuneDesk %1&lt;/h3&gt;&lt;p&gt;Instruction fine-tuning of large language models on your own computer: LoRA, P-Tuning v2 and full fine-tuning.&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>browser UI at %1</source>
        <translation>browser UI at %1</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::RunsCompareDialog</name>
    <message>
        <source>Runs compared</source>
        <translation>Runs compared</translation>
    </message>
    <message>
        <source>Loss by step (evaluation loss dashed)</source>
        <translation>Loss by step (evaluation loss dashed)</translation>
    </message>
    <message>
        <source>step</source>
        <translation>step</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>loss</translation>
    </message>
    <message>
        <source>%1 loss</source>
        <translation>%1 loss</translation>
    </message>
    <message>
        <source>%1 evaluation</source>
        <translation>%1 evaluation</translation>
    </message>
    <message>
        <source>The runs&apos; settings are the same.</source>
        <translation>The runs&apos; settings are the same.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Settings that differ&lt;/b&gt;</source>
        <translation>&lt;b&gt;Settings that differ&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::SettingField</name>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Follow the system</translation>
    </message>
    <message>
        <source>Language (after a restart):</source>
        <translation>Language (after a restart):</translation>
    </message>
    <message>
        <source>Automatic (GPU when there is one)</source>
        <translation>Automatic (GPU when there is one)</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU (CUDA)</source>
        <translation>GPU (CUDA)</translation>
    </message>
    <message>
        <source>Device for training and chat:</source>
        <translation>Device for training and chat:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Data directory</source>
        <translation>Data directory</translation>
    </message>
    <message>
        <source>Data directory (after a restart):</source>
        <translation>Data directory (after a restart):</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>Port:</translation>
    </message>
    <message>
        <source>Built-in server:</source>
        <translation>Built-in server:</translation>
    </message>
    <message>
        <source>Not running.</source>
        <translation>Not running.</translation>
    </message>
    <message>
        <source>Port %1 is not free; choose another.</source>
        <translation>Port %1 is not free; choose another.</translation>
    </message>
    <message>
        <source>Create an API key</source>
        <translation>Create an API key</translation>
    </message>
    <message>
        <source>shown once, when it is made</source>
        <translation>shown once, when it is made</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API key:</translation>
    </message>
    <message>
        <source>Send it as &lt;code&gt;Authorization: Bearer KEY&lt;/code&gt;; copy it now, it is not shown again.</source>
        <translation>Send it as &lt;code&gt;Authorization: Bearer KEY&lt;/code&gt;; copy it now, it is not shown again.</translation>
    </message>
    <message>
        <source>Serve the browser UI and API</source>
        <translation>Serve the browser UI and API</translation>
    </message>
    <message>
        <source>This computer only (127.0.0.1)</source>
        <translation>This computer only (127.0.0.1)</translation>
    </message>
    <message>
        <source>Other machines too (every address of this computer)</source>
        <translation>Other machines too (every address of this computer)</translation>
    </message>
    <message>
        <source>Reachable from:</source>
        <translation>Reachable from:</translation>
    </message>
    <message>
        <source>Off (plain HTTP)</source>
        <translation>Off (plain HTTP)</translation>
    </message>
    <message>
        <source>Self-signed certificate (made once, kept in the data folder)</source>
        <translation>Self-signed certificate (made once, kept in the data folder)</translation>
    </message>
    <message>
        <source>Certificate files (PEM)</source>
        <translation>Certificate files (PEM)</translation>
    </message>
    <message>
        <source>HTTPS:</source>
        <translation>HTTPS:</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>PEM files (*.pem *.crt *.key);;All files (*)</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>Private key</source>
        <translation>Private key</translation>
    </message>
    <message>
        <source>Certificate:</source>
        <translation>Certificate:</translation>
    </message>
    <message>
        <source>Private key:</source>
        <translation>Private key:</translation>
    </message>
    <message>
        <source>Other machines will reach TuneDesk over plain HTTP: passwords, sessions and API keys cross the network unencrypted. Choose HTTPS unless the network is yours alone.</source>
        <translation>Other machines will reach TuneDesk over plain HTTP: passwords, sessions and API keys cross the network unencrypted. Choose HTTPS unless the network is yours alone.</translation>
    </message>
    <message>
        <source>Running at %1</source>
        <translation>Running at %1</translation>
    </message>
    <message>
        <source>Certificate fingerprint (SHA-256), to compare with what the browser shows:</source>
        <translation>Certificate fingerprint (SHA-256), to compare with what the browser shows:</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::TrainingCharts</name>
    <message>
        <source>Loss</source>
        <translation>Loss</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>training loss</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>smoothed</translation>
    </message>
    <message>
        <source>evaluation loss</source>
        <translation>evaluation loss</translation>
    </message>
    <message>
        <source>step</source>
        <translation>step</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Learning rate</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>learning rate</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::TrainingForm</name>
    <message>
        <source>What to train</source>
        <translation>What to train</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>Dataset:</translation>
    </message>
    <message>
        <source>Base model:</source>
        <translation>Base model:</translation>
    </message>
    <message>
        <source>LoRA</source>
        <translation>LoRA</translation>
    </message>
    <message>
        <source>P-Tuning v2</source>
        <translation>P-Tuning v2</translation>
    </message>
    <message numerus="yes">
        <source>GPU (CUDA, %n device(s))</source>
        <translation>
            <numerusform>GPU (CUDA, %n device)</numerusform>
            <numerusform>GPU (CUDA, %n devices)</numerusform>
        </translation>
    </message>
    <message>
        <source>GPU (none found)</source>
        <translation>GPU (none found)</translation>
    </message>
    <message>
        <source>Hyper-parameters</source>
        <translation>Hyper-parameters</translation>
    </message>
    <message>
        <source>%1 (upload)</source>
        <translation>%1 (upload)</translation>
    </message>
    <message>
        <source>%1 (bundled)</source>
        <translation>%1 (bundled)</translation>
    </message>
    <message>
        <source>%1 · %2 parameters · template %3
%4</source>
        <translation>%1 · %2 parameters · template %3
%4</translation>
    </message>
    <message>
        <source>Filled in the defaults for %1.</source>
        <translation>Filled in the defaults for %1.</translation>
    </message>
    <message>
        <source>Load a training config</source>
        <translation>Load a training config</translation>
    </message>
    <message>
        <source>YAML configs (*.yaml *.yml)</source>
        <translation>YAML configs (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Loaded %1.</source>
        <translation>Loaded %1.</translation>
    </message>
    <message>
        <source>Cannot load %1: %2</source>
        <translation>Cannot load %1: %2</translation>
    </message>
    <message>
        <source>Save the training config</source>
        <translation>Save the training config</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>Cannot save %1: %2</translation>
    </message>
    <message>
        <source>Saved %1 (run it with: tunedesk-cli train %1).</source>
        <translation>Saved %1 (run it with: tunedesk-cli train %1).</translation>
    </message>
    <message>
        <source>Train on this many GPUs at once (data parallel): each takes its share of every batch, so the global batch is batch size × accumulation × GPUs.</source>
        <translation>Train on this many GPUs at once (data parallel): each takes its share of every batch, so the global batch is batch size × accumulation × GPUs.</translation>
    </message>
    <message>
        <source>GPUs:</source>
        <translation>GPUs:</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <source>Add a model folder in Hugging Face layout: config.json, *.safetensors and tokenizer.json</source>
        <translation>Add a model folder in Hugging Face layout: config.json, *.safetensors and tokenizer.json</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Take the selected model off your list (its folder stays as it is)</source>
        <translation>Take the selected model off your list (its folder stays as it is)</translation>
    </message>
    <message>
        <source>Add a base model folder</source>
        <translation>Add a base model folder</translation>
    </message>
    <message>
        <source>Added %1: %2, %3 parameters.</source>
        <translation>Added %1: %2, %3 parameters.</translation>
    </message>
    <message>
        <source>Cannot add %1: %2</source>
        <translation>Cannot add %1: %2</translation>
    </message>
    <message>
        <source>%1 is off your list; its folder is untouched.</source>
        <translation>%1 is off your list; its folder is untouched.</translation>
    </message>
    <message>
        <source>Download…</source>
        <translation>Download…</translation>
    </message>
    <message>
        <source>Download a model from Hugging Face or ModelScope, or add one already in their caches</source>
        <translation>Download a model from Hugging Face or ModelScope, or add one already in their caches</translation>
    </message>
    <message>
        <source>Counting the rows in tokens…</source>
        <translation>Counting the rows in tokens…</translation>
    </message>
    <message>
        <source>Lengths not counted: %1</source>
        <translation>Lengths not counted: %1</translation>
    </message>
    <message numerus="yes">
        <source>All %n row(s) fit the length limits (the longest is %1 tokens).</source>
        <translation>
            <numerusform>All %n row fits the length limits (the longest is %1 tokens).</numerusform>
            <numerusform>All %n rows fit the length limits (the longest is %1 tokens).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) over the length limits will be left out</source>
        <translation>
            <numerusform>%n row over the length limits will be left out</numerusform>
            <numerusform>%n rows over the length limits will be left out</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) will be truncated</source>
        <translation>
            <numerusform>%n row will be truncated</numerusform>
            <numerusform>%n rows will be truncated</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2 prompt and %3 answer tokens past the limits): lines %4</source>
        <translation>%1 (%2 prompt and %3 answer tokens past the limits): lines %4</translation>
    </message>
    <message>
        <source>Downloading %1 in the background (under the jobs); it joins your base models when whole.</source>
        <translation>Downloading %1 in the background (under the jobs); it joins your base models when whole.</translation>
    </message>
    <message>
        <source>Downloaded %1: on your base models as %2.</source>
        <translation>Downloaded %1: on your base models as %2.</translation>
    </message>
    <message>
        <source>Lengths…</source>
        <translation>Lengths…</translation>
    </message>
    <message>
        <source>Histograms of the rows&apos; prompt, answer and total tokens, and the rows over the limits</source>
        <translation>Histograms of the rows&apos; prompt, answer and total tokens, and the rows over the limits</translation>
    </message>
    <message>
        <source>Use these settings</source>
        <translation>Use these settings</translation>
    </message>
    <message>
        <source>Change the form to the settings the estimate says would fit</source>
        <translation>Change the form to the settings the estimate says would fit</translation>
    </message>
    <message>
        <source>Start anyway</source>
        <translation>Start anyway</translation>
    </message>
    <message>
        <source>Start the run even though the estimate is over the memory available (it may fail for lack of memory)</source>
        <translation>Start the run even though the estimate is over the memory available (it may fail for lack of memory)</translation>
    </message>
    <message>
        <source>Memory not estimated: %1</source>
        <translation>Memory not estimated: %1</translation>
    </message>
    <message>
        <source>Estimated peak: weights %1, optimizer state %2, activations and gradients %3, logits %4, runtime %5</source>
        <translation>Estimated peak: weights %1, optimizer state %2, activations and gradients %3, logits %4, runtime %5</translation>
    </message>
    <message>
        <source>Memory: about %1 (what the device has free is unknown).</source>
        <translation>Memory: about %1 (what the device has free is unknown).</translation>
    </message>
    <message>
        <source>your limit</source>
        <translation>your limit</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>RAM</source>
        <translation>RAM</translation>
    </message>
    <message>
        <source>Memory: about %1 of %2 available (%3).</source>
        <translation>Memory: about %1 of %2 available (%3).</translation>
    </message>
    <message>
        <source>Memory: about %1, more than the %2 available (%3).</source>
        <translation>Memory: about %1, more than the %2 available (%3).</translation>
    </message>
    <message>
        <source>It would fit with %1 (about %2).</source>
        <translation>It would fit with %1 (about %2).</translation>
    </message>
    <message>
        <source>Even the smallest settings would not fit: choose a smaller model.</source>
        <translation>Even the smallest settings would not fit: choose a smaller model.</translation>
    </message>
    <message>
        <source>gradient checkpointing</source>
        <translation>gradient checkpointing</translation>
    </message>
    <message>
        <source>batch size %1 with gradient accumulation %2</source>
        <translation>batch size %1 with gradient accumulation %2</translation>
    </message>
    <message>
        <source>LoRA instead of full fine-tuning</source>
        <translation>LoRA instead of full fine-tuning</translation>
    </message>
    <message>
        <source>at most %1 tokens per row</source>
        <translation>at most %1 tokens per row</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>Changed the settings to %1.</source>
        <translation>Changed the settings to %1.</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
    <message>
        <source>More settings</source>
        <translation>More settings</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::TrainingTab</name>
    <message>
        <source>queued</source>
        <translation>queued</translation>
    </message>
    <message>
        <source>running</source>
        <translation>running</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>completed</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>interrupted</translation>
    </message>
    <message>
        <source>Load YAML…</source>
        <translation>Load YAML…</translation>
    </message>
    <message>
        <source>Save YAML…</source>
        <translation>Save YAML…</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>Start training</translation>
    </message>
    <message>
        <source>&lt;b&gt;Jobs&lt;/b&gt;</source>
        <translation>&lt;b&gt;Jobs&lt;/b&gt;</translation>
    </message>
    <message>
        <source>job id, e.g. j4f9a21c</source>
        <translation>job id, e.g. j4f9a21c</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Find</translation>
    </message>
    <message>
        <source>No job %1 among yours.</source>
        <translation>No job %1 among yours.</translation>
    </message>
    <message>
        <source>Job id</source>
        <translation>Job id</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Dataset</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>Base model</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progress</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>No job shown.</source>
        <translation>No job shown.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Stops after the current step and keeps a checkpoint to resume from.</source>
        <translation>Stops after the current step and keeps a checkpoint to resume from.</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>Job %1 failed: %2</source>
        <translation>Job %1 failed: %2</translation>
    </message>
    <message>
        <source>Job %1 %2.</source>
        <translation>Job %1 %2.</translation>
    </message>
    <message>
        <source>Choose a dataset first (convert one in the Validation tab).</source>
        <translation>Choose a dataset first (convert one in the Validation tab).</translation>
    </message>
    <message>
        <source>Choose a base model first.</source>
        <translation>Choose a base model first.</translation>
    </message>
    <message>
        <source>These settings cannot be used: %1</source>
        <translation>These settings cannot be used: %1</translation>
    </message>
    <message>
        <source>Job %1 queued; it starts when the device is free.</source>
        <translation>Job %1 queued; it starts when the device is free.</translation>
    </message>
    <message>
        <source>Job %1 is running.</source>
        <translation>Job %1 is running.</translation>
    </message>
    <message>
        <source>Stopping %1 after the current step…</source>
        <translation>Stopping %1 after the current step…</translation>
    </message>
    <message>
        <source>— resumed —</source>
        <translation>— resumed —</translation>
    </message>
    <message>
        <source>Job %1 queued again; it continues from its newest checkpoint.</source>
        <translation>Job %1 queued again; it continues from its newest checkpoint.</translation>
    </message>
    <message>
        <source>Job %1 cannot be resumed.</source>
        <translation>Job %1 cannot be resumed.</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>error: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 on %4 · %5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 on %4 · %5</translation>
    </message>
    <message>
        <source>step %1 of %2</source>
        <translation>step %1 of %2</translation>
    </message>
    <message>
        <source>about %1 left</source>
        <translation>about %1 left</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 tokens/s</translation>
    </message>
    <message>
        <source>loss %1</source>
        <translation>loss %1</translation>
    </message>
    <message>
        <source>result in %1</source>
        <translation>result in %1</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>Write the result out: the adapter as it is, or merged into the base model as a complete model.</source>
        <translation>Write the result out: the adapter as it is, or merged into the base model as a complete model.</translation>
    </message>
    <message>
        <source>Wrote the merged model to %1.</source>
        <translation>Wrote the merged model to %1.</translation>
    </message>
    <message>
        <source>Wrote the model to %1.</source>
        <translation>Wrote the model to %1.</translation>
    </message>
    <message>
        <source>Wrote the adapter to %1.</source>
        <translation>Wrote the adapter to %1.</translation>
    </message>
    <message>
        <source>Wrote %1.</source>
        <translation>Wrote %1.</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Note: %1</translation>
    </message>
    <message>
        <source>GGUF export</source>
        <translation>GGUF export</translation>
    </message>
    <message>
        <source>Wrote the LoRA adapter %1 and its base model %2.</source>
        <translation>Wrote the LoRA adapter %1 and its base model %2.</translation>
    </message>
    <message>
        <source>Wrote %1 for Ollama.</source>
        <translation>Wrote %1 for Ollama.</translation>
    </message>
    <message>
        <source>Run it:</source>
        <translation>Run it:</translation>
    </message>
    <message>
        <source>Wrote the LoRA adapter %1 alone.</source>
        <translation>Wrote the LoRA adapter %1 alone.</translation>
    </message>
    <message>
        <source>Wrote the LoRA adapter %1 for the base model %2.</source>
        <translation>Wrote the LoRA adapter %1 for the base model %2.</translation>
    </message>
    <message>
        <source>Evaluate…</source>
        <translation>Evaluate…</translation>
    </message>
    <message>
        <source>Compare the result with its base model: both answer the held-out rows (or a file), side by side.</source>
        <translation>Compare the result with its base model: both answer the held-out rows (or a file), side by side.</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>Compare…</translation>
    </message>
    <message>
        <source>Select two or more jobs (Ctrl-click) to overlay their loss curves and list the settings that differ</source>
        <translation>Select two or more jobs (Ctrl-click) to overlay their loss curves and list the settings that differ</translation>
    </message>
    <message>
        <source>This run would need about %1 of memory, more than the %2 available: use the settings that fit (%3), or tick &quot;Start anyway&quot;.</source>
        <translation>This run would need about %1 of memory, more than the %2 available: use the settings that fit (%3), or tick &quot;Start anyway&quot;.</translation>
    </message>
    <message>
        <source>This run would need about %1 of memory, more than the %2 available, even with the smallest settings: choose a smaller model, or tick &quot;Start anyway&quot;.</source>
        <translation>This run would need about %1 of memory, more than the %2 available, even with the smallest settings: choose a smaller model, or tick &quot;Start anyway&quot;.</translation>
    </message>
    <message>
        <source>row %1 of %2</source>
        <translation>row %1 of %2</translation>
    </message>
    <message numerus="yes">
        <source>%n candidate(s)</source>
        <translation>
            <numerusform>%n candidate</numerusform>
            <numerusform>%n candidates</numerusform>
        </translation>
    </message>
    <message>
        <source>review them in the Data tab (Augment…)</source>
        <translation>review them in the Data tab (Augment…)</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::ValidationTab</name>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>Open a file in the Data tab to see its report.</source>
        <translation>Open a file in the Data tab to see its report.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Rules&lt;/b&gt;</source>
        <translation>&lt;b&gt;Rules&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>&lt;b&gt;Findings&lt;/b&gt; (double-click to see the row)</source>
        <translation>&lt;b&gt;Findings&lt;/b&gt; (double-click to see the row)</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Convert to training data (JSONL: instruction / input / output)</source>
        <translation>Convert to training data (JSONL: instruction / input / output)</translation>
    </message>
    <message>
        <source>Model type:</source>
        <translation>Model type:</translation>
    </message>
    <message>
        <source>Validation share:</source>
        <translation>Validation share:</translation>
    </message>
    <message>
        <source>Trim white space</source>
        <translation>Trim white space</translation>
    </message>
    <message>
        <source>Drop exact duplicates</source>
        <translation>Drop exact duplicates</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>Save as:</translation>
    </message>
    <message>
        <source>Convert</source>
        <translation>Convert</translation>
    </message>
    <message>
        <source>✘ %1 could not be read</source>
        <translation>✘ %1 could not be read</translation>
    </message>
    <message>
        <source>✔ %1 passed: %2 of %3 rows can be trained on (%4%)</source>
        <translation>✔ %1 passed: %2 of %3 rows can be trained on (%4%)</translation>
    </message>
    <message>
        <source>✘ %1 has errors: %2 of %3 rows can be trained on (%4%)</source>
        <translation>✘ %1 has errors: %2 of %3 rows can be trained on (%4%)</translation>
    </message>
    <message>
        <source>Format %1 · encoding %2%3 · delimiter %4 · line endings %5 · columns: %6 · %7 error(s), %8 warning(s)</source>
        <translation>Format %1 · encoding %2%3 · delimiter %4 · line endings %5 · columns: %6 · %7 error(s), %8 warning(s)</translation>
    </message>
    <message>
        <source> (detected)</source>
        <translation> (detected)</translation>
    </message>
    <message>
        <source> (chosen)</source>
        <translation> (chosen)</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>tab</translation>
    </message>
    <message>
        <source>file</source>
        <translation>file</translation>
    </message>
    <message>
        <source>Question (text)</source>
        <translation>Question (text)</translation>
    </message>
    <message>
        <source>Answer (result)</source>
        <translation>Answer (result)</translation>
    </message>
    <message>
        <source>Length in characters</source>
        <translation>Length in characters</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>rows</translation>
    </message>
    <message>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <source>median</source>
        <translation>median</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>max</source>
        <translation>max</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>mean</translation>
    </message>
    <message>
        <source>Question, characters</source>
        <translation>Question, characters</translation>
    </message>
    <message>
        <source>Answer, characters</source>
        <translation>Answer, characters</translation>
    </message>
    <message>
        <source>Converting…</source>
        <translation>Converting…</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n training row(s) to %1</source>
        <translation>
            <numerusform>Wrote %n training row to %1</numerusform>
            <numerusform>Wrote %n training rows to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n validation row(s) to %1</source>
        <translation>
            <numerusform>%n validation row to %1</numerusform>
            <numerusform>%n validation rows to %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) with errors left out</source>
        <translation>
            <numerusform>%n row with errors left out</numerusform>
            <numerusform>%n rows with errors left out</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate(s) dropped</source>
        <translation>
            <numerusform>%n duplicate dropped</numerusform>
            <numerusform>%n duplicates dropped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) trimmed</source>
        <translation>
            <numerusform>%n row trimmed</numerusform>
            <numerusform>%n rows trimmed</numerusform>
        </translation>
    </message>
    <message>
        <source>Conversion failed: %1</source>
        <translation>Conversion failed: %1</translation>
    </message>
    <message>
        <source>Excel workbook · sheet &quot;%1&quot; (%2 in the workbook) · columns: %3 · %4 error(s), %5 warning(s)</source>
        <translation>Excel workbook · sheet &quot;%1&quot; (%2 in the workbook) · columns: %3 · %4 error(s), %5 warning(s)</translation>
    </message>
    <message>
        <source>Clean into a new version…</source>
        <translation>Clean into a new version…</translation>
    </message>
    <message>
        <source>Fix characters, the Chinese script, duplicates and personal data into a new version, previewed first; this file stays as it is</source>
        <translation>Fix characters, the Chinese script, duplicates and personal data into a new version, previewed first; this file stays as it is</translation>
    </message>
    <message>
        <source>Augment with a model…</source>
        <translation>Augment with a model…</translation>
    </message>
    <message>
        <source>A model writes paraphrases or new question/answer pairs; you review them before they go into a new version; this file stays as it is</source>
        <translation>A model writes paraphrases or new question/answer pairs; you review them before they go into a new version; this file stays as it is</translation>
    </message>
    <message>
        <source>Changes from the source…</source>
        <translation>Changes from the source…</translation>
    </message>
    <message>
        <source>This file was made from another (converted, cleaned or augmented): what changed, row by row</source>
        <translation>This file was made from another (converted, cleaned or augmented): what changed, row by row</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::VersionDiffDialog</name>
    <message>
        <source>cleaned</source>
        <translation>cleaned</translation>
    </message>
    <message>
        <source>augmented</source>
        <translation>augmented</translation>
    </message>
    <message>
        <source>converted</source>
        <translation>converted</translation>
    </message>
    <message>
        <source>%1: changes from %2 (%3)</source>
        <translation>%1: changes from %2 (%3)</translation>
    </message>
    <message>
        <source>Comparing the rows…</source>
        <translation>Comparing the rows…</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>Open the source (undo)</source>
        <translation>Open the source (undo)</translation>
    </message>
    <message>
        <source>%1 stays as it is; training on %2 again is the undo</source>
        <translation>%1 stays as it is; training on %2 again is the undo</translation>
    </message>
    <message>
        <source>The versions cannot be compared: %1</source>
        <translation>The versions cannot be compared: %1</translation>
    </message>
    <message>
        <source>%1 rows before, %2 after: %3 the same, %4 changed, %5 left out, %6 added.</source>
        <translation>%1 rows before, %2 after: %3 the same, %4 changed, %5 left out, %6 added.</translation>
    </message>
    <message>
        <source>The first %1 are listed.</source>
        <translation>The first %1 are listed.</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>changed</translation>
    </message>
    <message>
        <source>left out</source>
        <translation>left out</translation>
    </message>
    <message>
        <source>added</source>
        <translation>added</translation>
    </message>
    <message>
        <source>generated</source>
        <translation>generated</translation>
    </message>
</context>
</TS>
