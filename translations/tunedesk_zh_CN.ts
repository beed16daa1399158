<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Finding</name>
    <message>
        <source>the %1 field is empty; every row needs a question or instruction</source>
        <translation>%1 字段为空；每一行都需要一个问题或指令</translation>
    </message>
    <message>
        <source>the %1 field is only white space; every row needs a question or instruction</source>
        <translation>%1 字段只有空白字符；每一行都需要一个问题或指令</translation>
    </message>
    <message>
        <source>the %1 field is empty; every row needs an expected answer</source>
        <translation>%1 字段为空；每一行都需要一个期望的回答</translation>
    </message>
    <message>
        <source>the %1 field is only white space; every row needs an expected answer</source>
        <translation>%1 字段只有空白字符；每一行都需要一个期望的回答</translation>
    </message>
    <message>
        <source>the %1 field contains bytes that are not valid %2 (shown as �); save the file as UTF-8 or choose its encoding (the Data tab&apos;s Encoding, or --encoding)</source>
        <translation>%1 字段含有不是有效 %2 编码的字节（显示为 �）；请将文件另存为 UTF-8，或选择它的编码（“数据”页的“编码”，或 --encoding）</translation>
    </message>
    <message>
        <source>the %1 field looks garbled (mojibake such as &quot;ä¸­æ–‡&quot; or &quot;锟斤拷&quot;): the text was probably converted with the wrong encoding before it was saved</source>
        <translation>%1 字段看起来是乱码（如“ä¸­æ–‡”或“锟斤拷”）：文本在保存前可能用错误的编码转换过</translation>
    </message>
    <message>
        <source>the %1 field contains the control character %2 at character %3; remove it</source>
        <translation>%1 字段在第 %3 个字符处含有控制字符 %2；请删除它</translation>
    </message>
    <message>
        <source>the %1 field has %2 characters; the limit is %3 (%4). Training cuts what is over the limit.</source>
        <translation>%1 字段有 %2 个字符，上限为 %3（%4）。训练时会截掉超出的部分。</translation>
    </message>
    <message>
        <source>the %1 field is %2 tokens; %3 is %4. Training cuts what is over the limit.</source>
        <translation>%1 字段有 %2 个词元；%3 为 %4。训练时会截掉超出的部分。</translation>
    </message>
    <message>
        <source>the %1 is the same as the %2; the model would learn nothing from this row</source>
        <translation>%1 与 %2 完全相同；模型从这一行学不到任何东西</translation>
    </message>
    <message>
        <source>the %1 differs from the %2 only in spaces, punctuation or letter case</source>
        <translation>%1 与 %2 只在空格、标点或大小写上不同</translation>
    </message>
    <message>
        <source>the %1 merely repeats the %2</source>
        <translation>%1 只是重复了 %2</translation>
    </message>
    <message>
        <source>the file has no data rows</source>
        <translation>文件没有数据行</translation>
    </message>
    <message>
        <source>only %1 usable rows; %2–%3 are recommended for fine-tuning</source>
        <translation>只有 %1 行可用；微调建议 %2–%3 行</translation>
    </message>
    <message>
        <source>%1 usable rows; %2–%3 are recommended: training takes longer and gains little</source>
        <translation>%1 行可用；建议 %2–%3 行：训练更久，收益却不大</translation>
    </message>
    <message>
        <source>the same %1 and %2 as line %3</source>
        <translation>%1 和 %2 与第 %3 行相同</translation>
    </message>
    <message>
        <source>the same %1 as line %2 with a different %3; the model gets mixed signals — keep one answer</source>
        <translation>%1 与第 %2 行相同，但 %3 不同；模型会得到相互矛盾的信号——请只保留一个答案</translation>
    </message>
    <message>
        <source>column &quot;%1&quot; appears twice (columns %2 and %3); the first one is used</source>
        <translation>列“%1”出现了两次（第 %2 列和第 %3 列）；使用第一列</translation>
    </message>
    <message>
        <source>extra columns are ignored: %1</source>
        <translation>多余的列将被忽略：%1</translation>
    </message>
    <message>
        <source>no &quot;%1&quot; column; the header has %2. The first row must name the columns text (the input) and result (the expected output).</source>
        <translation>没有“%1”列；表头为 %2。第一行必须给出列名 text（输入）和 result（期望输出）。</translation>
    </message>
    <message>
        <source>the file is empty; it needs a header row with the columns text and result</source>
        <translation>文件是空的；它需要一个包含 text 和 result 列的表头行</translation>
    </message>
    <message>
        <source>blank line ignored</source>
        <translation>已忽略空行</translation>
    </message>
    <message>
        <source>a quote opened on line %1 is never closed; the row is skipped and reading goes on with the next line</source>
        <translation>第 %1 行开始的引号没有闭合；该行被跳过，从下一行继续读取</translation>
    </message>
    <message>
        <source>text follows the closing quote of field %1; the field was read as &quot;%2&quot;</source>
        <translation>第 %1 个字段的闭合引号后还有文字；该字段被读作“%2”</translation>
    </message>
    <message>
        <source>the file is %1; the limit is %2. Split it into smaller files.</source>
        <translation>文件大小为 %1，上限为 %2。请拆分成较小的文件。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is the number %2, not a string; it is read as the text &quot;%2&quot;</source>
        <translation>“%1”是数字 %2，而不是字符串；按文本“%2”读取</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is the boolean %2, not a string; it is read as the text &quot;%2&quot;</source>
        <translation>“%1”是布尔值 %2，而不是字符串；按文本“%2”读取</translation>
    </message>
    <message numerus="yes">
        <source>the %1 field has only %n character(s); at least %2 are expected</source>
        <translation>
            <numerusform>%1 字段只有 %n 个字符；至少需要 %2 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the row has %n field(s), the header has %1. A field that contains the separator (%2) must be put in double quotes.</source>
        <translation>
            <numerusform>该行有 %n 个字段，表头有 %1 个。包含分隔符（%2）的字段必须用双引号括起来。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the row has %n field(s), the header has %1; the extra fields are empty and ignored</source>
        <translation>
            <numerusform>该行有 %n 个字段，表头有 %1 个；多出的字段为空，已忽略</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the row has %n field(s), the header has %1; the text or result field is missing</source>
        <translation>
            <numerusform>该行有 %n 个字段，表头有 %1 个；缺少 text 或 result 字段</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the row has %n field(s), the header has %1; the missing fields are not text or result, so the row is kept</source>
        <translation>
            <numerusform>该行有 %n 个字段，表头有 %1 个；缺少的字段不是 text 或 result，因此保留该行</numerusform>
        </translation>
    </message>
    <message>
        <source>not valid JSON: %1</source>
        <translation>不是有效的 JSON：%1</translation>
    </message>
    <message>
        <source>each line must be a JSON object ({...})</source>
        <translation>每一行都必须是一个 JSON 对象（{...}）</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a string, not %2</source>
        <translation>“%1”必须是字符串，而不是 %2</translation>
    </message>
    <message>
        <source>no &quot;output&quot; key; an alpaca record needs instruction/input/output</source>
        <translation>没有“output”键；alpaca 格式的记录需要 instruction/input/output</translation>
    </message>
    <message>
        <source>no &quot;input&quot; or &quot;instruction&quot; key; an alpaca record needs instruction/input/output</source>
        <translation>没有“input”或“instruction”键；alpaca 格式的记录需要 instruction/input/output</translation>
    </message>
    <message>
        <source>&quot;history&quot; must be a list of [question, answer] pairs</source>
        <translation>“history”必须是由 [问题, 回答] 对组成的列表</translation>
    </message>
    <message>
        <source>%1 must be a [question, answer] pair</source>
        <translation>%1 必须是一个 [问题, 回答] 对</translation>
    </message>
    <message>
        <source>&quot;messages&quot; must be a non-empty list of {&quot;role&quot;, &quot;content&quot;} objects</source>
        <translation>“messages”必须是由 {&quot;role&quot;, &quot;content&quot;} 对象组成的非空列表</translation>
    </message>
    <message>
        <source>%1 must be an object with a string &quot;role&quot; and a &quot;content&quot;</source>
        <translation>%1 必须是一个包含字符串“role”和“content”的对象</translation>
    </message>
    <message>
        <source>%1 has role &quot;%2&quot; out of place; messages go: an optional system message first, then user and assistant taking turns</source>
        <translation>%1 的角色“%2”位置不对；消息的顺序是：可选的 system 消息在最前，然后 user 与 assistant 轮流</translation>
    </message>
    <message>
        <source>the conversation must end with an assistant message (the answer to learn)</source>
        <translation>对话必须以 assistant 消息（要学习的回答）结尾</translation>
    </message>
    <message>
        <source>empty row ignored</source>
        <translation>已忽略空行</translation>
    </message>
    <message>
        <source>%1 empty rows ignored (rows %2–%3)</source>
        <translation>已忽略 %1 个空行（第 %2–%3 行）</translation>
    </message>
    <message>
        <source>row %1 is hidden in the spreadsheet; it is read like any other row</source>
        <translation>第 %1 行在表格中是隐藏的；它和其他行一样被读取</translation>
    </message>
    <message>
        <source>cell %1 is right of the header&apos;s last column (%2); it is ignored</source>
        <translation>单元格 %1 在表头最后一列（%2）的右边；已忽略</translation>
    </message>
    <message>
        <source>cells %1 are merged: only %2 holds the value, the other cells read as empty</source>
        <translation>单元格 %1 是合并的：只有 %2 有值，其余单元格读作空</translation>
    </message>
    <message>
        <source>the formula in %1 has no saved result (the program that wrote the file does not compute formulas); the cell reads as empty. Open the file in a spreadsheet program and save it again.</source>
        <translation>%1 中的公式没有保存的计算结果（写出该文件的程序不计算公式）；该单元格读作空。请用电子表格软件打开并重新保存。</translation>
    </message>
    <message>
        <source>the %1 field contains a mainland ID number (%2); mask personal data before training</source>
        <translation>%1 字段含有身份证号（%2）；请在训练前脱敏个人信息</translation>
    </message>
    <message>
        <source>the %1 field contains a mobile number (%2); mask personal data before training</source>
        <translation>%1 字段含有手机号（%2）；请在训练前脱敏个人信息</translation>
    </message>
    <message>
        <source>the %1 field contains a telephone number (%2); mask personal data before training</source>
        <translation>%1 字段含有电话号码（%2）；请在训练前脱敏个人信息</translation>
    </message>
    <message>
        <source>the %1 field contains an e-mail address (%2); mask personal data before training</source>
        <translation>%1 字段含有邮箱地址（%2）；请在训练前脱敏个人信息</translation>
    </message>
    <message>
        <source>the %1 field contains a bank card number (%2); mask personal data before training</source>
        <translation>%1 字段含有银行卡号（%2）；请在训练前脱敏个人信息</translation>
    </message>
    <message>
        <source>the %1 field contains a licence plate (%2); mask personal data before training</source>
        <translation>%1 字段含有车牌号（%2）；请在训练前脱敏个人信息</translation>
    </message>
    <message>
        <source>the %1 field contains the name %2; mask personal data before training</source>
        <translation>%1 字段含有姓名 %2；请在训练前脱敏个人信息</translation>
    </message>
</context>
<context>
    <name>TrainingSetting</name>
    <message>
        <source>Method</source>
        <translation>微调方法</translation>
    </message>
    <message>
        <source>How the model learns: LoRA adapters, a P-Tuning v2 prefix, or all weights (full fine-tuning)</source>
        <translation>模型怎样学习：LoRA 适配器、P-Tuning v2 前缀，或训练全部权重（全参数微调）</translation>
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
        <translation>全参数微调（SFT）</translation>
    </message>
    <message>
        <source>Model type</source>
        <translation>模型类型</translation>
    </message>
    <message>
        <source>The system instruction for examples without one: general, medical, legal or one of yours</source>
        <translation>没有系统指令的样本所用的指令：通用、医疗、法律，或你自定义的类型</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Where the model trains: a GPU when there is one (cuda, or cuda:N for one of several), else the CPU</source>
        <translation>在哪里训练：有 GPU 时用 GPU（cuda；多块时用 cuda:N 指定其中一块），否则用 CPU</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU (CUDA)</source>
        <translation>GPU（CUDA）</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>进程数</translation>
    </message>
    <message>
        <source>Data parallel over this many processes on this machine, one per GPU (the global batch is batch size x accumulation x processes)</source>
        <translation>在本机上用这么多个进程做数据并行，每块 GPU 一个（全局批量 = 批大小 × 梯度累积 × 进程数）</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <source>Passes over the training rows, used when max steps is not set</source>
        <translation>遍历训练数据的次数；未设置最大步数时使用</translation>
    </message>
    <message>
        <source>Max steps</source>
        <translation>最大步数</translation>
    </message>
    <message>
        <source>Stop after this many optimizer steps; when set it wins over the epochs</source>
        <translation>优化器走完这么多步后停止；设置后优先于训练轮数</translation>
    </message>
    <message>
        <source>by epochs</source>
        <translation>按轮数</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>The peak learning rate, reached after the warm-up</source>
        <translation>预热结束后达到的最高学习率</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>How the learning rate falls after the warm-up</source>
        <translation>预热之后学习率如何下降</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>Warm-up share</source>
        <translation>预热比例</translation>
    </message>
    <message>
        <source>The share of the steps over which the learning rate rises from 0, used when warm-up steps is not set</source>
        <translation>学习率从 0 升起所占总步数的比例；未设置预热步数时使用</translation>
    </message>
    <message>
        <source>Warm-up steps</source>
        <translation>预热步数</translation>
    </message>
    <message>
        <source>Steps over which the learning rate rises from 0; when set it wins over the warm-up share</source>
        <translation>学习率从 0 升起所用的步数；设置后优先于预热比例</translation>
    </message>
    <message>
        <source>by share</source>
        <translation>按比例</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Examples per micro-batch on each device</source>
        <translation>每个设备上每个微批次的样本数</translation>
    </message>
    <message>
        <source>Gradient accumulation</source>
        <translation>梯度累积</translation>
    </message>
    <message>
        <source>Micro-batches per optimizer step: a larger batch in the same memory</source>
        <translation>每次优化器更新累积的微批次数：用同样的内存得到更大的批量</translation>
    </message>
    <message>
        <source>Gradient checkpointing (less memory, slower)</source>
        <translation>梯度检查点（省显存，速度较慢）</translation>
    </message>
    <message>
        <source>Recompute the decoder layers in the backward pass: less memory, about a third slower</source>
        <translation>反向传播时重新计算解码层：更省内存，约慢三分之一</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Seed of the data order, the split and the initialisation: the same seed, the same run</source>
        <translation>决定数据顺序、数据划分和初始化的种子：种子相同，训练过程相同</translation>
    </message>
    <message>
        <source>Max question tokens</source>
        <translation>问题最大词元数</translation>
    </message>
    <message>
        <source>Prompt tokens kept (system instruction and question; GLM-4&apos;s max_input_length); turns the total limit off unless that is given too</source>
        <translation>保留的提示词元数（系统指令和问题；即 GLM-4 的 max_input_length）；除非同时设置总上限，否则总上限不再生效</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限制</translation>
    </message>
    <message>
        <source>Max answer tokens</source>
        <translation>答案最大词元数</translation>
    </message>
    <message>
        <source>Answer tokens kept (GLM-4&apos;s max_output_length); turns the total limit off unless that is given too</source>
        <translation>保留的答案词元数（即 GLM-4 的 max_output_length）；除非同时设置总上限，否则总上限不再生效</translation>
    </message>
    <message>
        <source>Max total tokens</source>
        <translation>总最大词元数</translation>
    </message>
    <message>
        <source>One limit for question and answer together, used when the two limits above are not set</source>
        <translation>问题与答案合计的上限；上面两个上限都未设置时使用</translation>
    </message>
    <message>
        <source>Longer rows</source>
        <translation>超长的行</translation>
    </message>
    <message>
        <source>Rows longer than the limits: cut to fit (their ends are lost) or left out of training</source>
        <translation>超过长度上限的行：截断以适应（末尾部分丢失），或不参与训练</translation>
    </message>
    <message>
        <source>cut to fit</source>
        <translation>截断以适应</translation>
    </message>
    <message>
        <source>leave out</source>
        <translation>不参与训练</translation>
    </message>
    <message>
        <source>Validation share</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <source>Share of the rows held out for evaluation when the data has no validation file</source>
        <translation>数据没有验证文件时，留出用于评估的行所占比例</translation>
    </message>
    <message>
        <source>Evaluate every</source>
        <translation>验证间隔（步）</translation>
    </message>
    <message>
        <source>Evaluate on the validation rows every this many steps</source>
        <translation>每隔这么多步在验证数据上评估一次</translation>
    </message>
    <message>
        <source>at the end</source>
        <translation>仅在结束时</translation>
    </message>
    <message>
        <source>Generate answers and score them (ROUGE, BLEU)</source>
        <translation>生成答案并打分（ROUGE、BLEU）</translation>
    </message>
    <message>
        <source>At each evaluation also generate answers for the validation rows and score ROUGE-1/2/L and BLEU-4</source>
        <translation>每次评估时还为验证数据生成答案，并计算 ROUGE-1/2/L 和 BLEU-4</translation>
    </message>
    <message>
        <source>Longest generated answer</source>
        <translation>生成答案的最大长度</translation>
    </message>
    <message>
        <source>Tokens generated at most for each scored answer</source>
        <translation>每个用于打分的答案最多生成的词元数</translation>
    </message>
    <message>
        <source>Checkpoint every</source>
        <translation>检查点间隔（步）</translation>
    </message>
    <message>
        <source>Write a checkpoint every this many steps, and when the run is stopped; resume from the newest</source>
        <translation>每隔这么多步以及训练被停止时保存检查点；可从最新的检查点继续</translation>
    </message>
    <message>
        <source>never</source>
        <translation>不保存</translation>
    </message>
    <message>
        <source>Rank r</source>
        <translation>秩 r</translation>
    </message>
    <message>
        <source>The rank of each LoRA update: more capacity, more memory</source>
        <translation>每个 LoRA 更新矩阵的秩：越大容量越大，也越占内存</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>Alpha</translation>
    </message>
    <message>
        <source>LoRA&apos;s scale: the update is multiplied by alpha / r</source>
        <translation>LoRA 的缩放：更新量乘以 alpha / r</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>Dropout on the input of each LoRA update</source>
        <translation>作用在每个 LoRA 更新输入上的 dropout</translation>
    </message>
    <message>
        <source>Target modules</source>
        <translation>目标模块</translation>
    </message>
    <message>
        <source>Hugging Face module names separated by commas (q_proj, v_proj, ...), or all-linear</source>
        <translation>用逗号分隔的 Hugging Face 模块名（q_proj, v_proj, ...），或 all-linear</translation>
    </message>
    <message>
        <source>the attention&apos;s query and value</source>
        <translation>注意力的 query 和 value</translation>
    </message>
    <message>
        <source>Rank-stabilised scale (rsLoRA)</source>
        <translation>秩稳定缩放（rsLoRA）</translation>
    </message>
    <message>
        <source>Scale the update by alpha / sqrt(r) instead of alpha / r, which keeps high ranks learning</source>
        <translation>用 alpha / sqrt(r) 代替 alpha / r 缩放更新量，使较大的秩也能有效学习</translation>
    </message>
    <message>
        <source>Virtual tokens</source>
        <translation>虚拟词元数</translation>
    </message>
    <message>
        <source>The length of the trained prefix, in tokens</source>
        <translation>训练的前缀长度（词元数）</translation>
    </message>
    <message>
        <source>Train through a projection (MLP)</source>
        <translation>通过投影层（MLP）训练</translation>
    </message>
    <message>
        <source>Train the prefix through a two-layer MLP</source>
        <translation>通过两层 MLP 训练前缀</translation>
    </message>
    <message>
        <source>Projection width</source>
        <translation>投影层宽度</translation>
    </message>
    <message>
        <source>The hidden width of the prefix&apos;s MLP</source>
        <translation>前缀 MLP 的隐藏层宽度</translation>
    </message>
    <message>
        <source>the model&apos;s hidden size</source>
        <translation>模型的隐藏层大小</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>AdamW&apos;s decoupled weight decay, never on norms and biases</source>
        <translation>AdamW 的解耦权重衰减，不作用于归一化层和偏置</translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>Scale the gradients down when their norm is over this</source>
        <translation>梯度范数超过此值时按比例缩小梯度</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Adam beta1</source>
        <translation>Adam beta1</translation>
    </message>
    <message>
        <source>AdamW&apos;s decay of the gradient&apos;s running mean</source>
        <translation>AdamW 中梯度滑动平均的衰减系数</translation>
    </message>
    <message>
        <source>Adam beta2</source>
        <translation>Adam beta2</translation>
    </message>
    <message>
        <source>AdamW&apos;s decay of the squared gradient&apos;s running mean</source>
        <translation>AdamW 中梯度平方滑动平均的衰减系数</translation>
    </message>
    <message>
        <source>Adam epsilon</source>
        <translation>Adam epsilon</translation>
    </message>
    <message>
        <source>Added to AdamW&apos;s denominator so that it is never 0</source>
        <translation>加到 AdamW 分母上的小数，防止分母为 0</translation>
    </message>
    <message>
        <source>Evaluation batch size</source>
        <translation>评估批大小</translation>
    </message>
    <message>
        <source>Examples per batch when evaluating</source>
        <translation>评估时每批的样本数</translation>
    </message>
    <message>
        <source>as for training</source>
        <translation>与训练相同</translation>
    </message>
    <message>
        <source>Log every</source>
        <translation>记录间隔（步）</translation>
    </message>
    <message>
        <source>Record the loss every this many steps</source>
        <translation>每隔这么多步记录一次损失</translation>
    </message>
    <message>
        <source>Checkpoints kept</source>
        <translation>保留的检查点数</translation>
    </message>
    <message>
        <source>Keep the newest this many checkpoints</source>
        <translation>只保留最新的这么多个检查点</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Number format</source>
        <translation>数值精度</translation>
    </message>
    <message>
        <source>The weights&apos; and activations&apos; number format: automatic is bf16 on a GPU and on a CPU with bf16 matrix units (AMX, AVX512-BF16), fp32 on other CPUs</source>
        <translation>权重与激活的数值格式：自动即在 GPU 和带 bf16 矩阵单元（AMX、AVX512-BF16）的 CPU 上用 bf16，其他 CPU 上用 fp32</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <source>How a conversation is written for the model (tunedesk-cli tokenize --help lists them)</source>
        <translation>对话写给模型的格式（tunedesk-cli tokenize --help 列出全部模板）</translation>
    </message>
    <message>
        <source>detected from the model</source>
        <translation>根据模型自动识别</translation>
    </message>
    <message>
        <source>Memory limit (GB)</source>
        <translation>内存上限（GB）</translation>
    </message>
    <message>
        <source>Refuse to start when the memory estimate is over this many gigabytes</source>
        <translation>内存估算超过这么多 GB 时拒绝开始</translation>
    </message>
    <message>
        <source>what the device has free</source>
        <translation>设备的可用内存</translation>
    </message>
    <message>
        <source>Check the memory first</source>
        <translation>开始前检查内存</translation>
    </message>
    <message>
        <source>Refuse to start a run whose memory estimate is over what the device has free; the option starts it anyway</source>
        <translation>内存估算超过设备可用内存时拒绝开始；使用该选项则仍然开始</translation>
    </message>
    <message>
        <source>Shard the optimizer state (ZeRO stage 1)</source>
        <translation>切分优化器状态（ZeRO 第 1 阶段）</translation>
    </message>
    <message>
        <source>With several processes each keeps the optimizer state of its share of the weights only: less memory for full fine-tuning, the same result</source>
        <translation>多进程训练时，每个进程只保存自己那一份权重的优化器状态：全参数微调更省内存，结果相同</translation>
    </message>
    <message>
        <source>Personal data</source>
        <translation>个人信息</translation>
    </message>
    <message>
        <source>Rows with personal data (ID, phone and bank card numbers, e-mail addresses, licence plates, listed names): train on them with a warning, or refuse the run until they are masked (tunedesk-cli data fix --mask-pii)</source>
        <translation>含有个人信息的行（身份证号、电话和银行卡号、电子邮箱、车牌号、名单中的姓名）：照常训练并给出警告，或在脱敏之前拒绝训练（tunedesk-cli data fix --mask-pii）</translation>
    </message>
    <message>
        <source>train, with a warning</source>
        <translation>照常训练（给出警告）</translation>
    </message>
    <message>
        <source>refuse until masked</source>
        <translation>脱敏前拒绝训练</translation>
    </message>
</context>
<context>
    <name>UserError</name>
    <message>
        <source>%1: no such folder</source>
        <translation>%1：文件夹不存在</translation>
    </message>
    <message>
        <source>%1: no config.json; a model folder in Hugging Face layout has config.json, *.safetensors and tokenizer.json</source>
        <translation>%1：没有 config.json；Hugging Face 格式的模型文件夹应包含 config.json、*.safetensors 和 tokenizer.json</translation>
    </message>
    <message>
        <source>%1: no tokenizer.json (or GLM-4&apos;s tokenizer.model)</source>
        <translation>%1：没有 tokenizer.json（GLM-4 则为 tokenizer.model）</translation>
    </message>
    <message>
        <source>%1: not valid JSON: %2</source>
        <translation>%1：不是有效的 JSON：%2</translation>
    </message>
    <message>
        <source>%1: no &quot;architectures&quot; list</source>
        <translation>%1：缺少 &quot;architectures&quot; 列表</translation>
    </message>
    <message>
        <source>%1: architecture &quot;%2&quot; is not supported (supported: %3)</source>
        <translation>%1：不支持架构 &quot;%2&quot;（支持：%3）</translation>
    </message>
    <message>
        <source>%1: %2 = %3 is not implemented (TuneDesk implements: %4)</source>
        <translation>%1：%2 = %3 尚未实现（TuneDesk 支持：%4）</translation>
    </message>
    <message>
        <source>%1: the weights do not match config.json
  missing: %2
  wrong shape: %3</source>
        <translation>%1：权重与 config.json 不符
  缺少：%2
  形状不对：%3</translation>
    </message>
    <message>
        <source>%1: no *.safetensors weights</source>
        <translation>%1：没有 *.safetensors 权重文件</translation>
    </message>
    <message>
        <source>%1 is already in the list</source>
        <translation>%1 已在列表中</translation>
    </message>
    <message>
        <source>%1 is not one of your models (built-in models stay)</source>
        <translation>%1 不是您添加的模型（内置模型不能移除）</translation>
    </message>
    <message>
        <source>%1: neither a training run, an adapter (adapter_config.json) nor a model (config.json)</source>
        <translation>%1：既不是训练运行，也不是适配器（adapter_config.json）或模型（config.json）</translation>
    </message>
    <message>
        <source>%1: this run has not finished (no adapter/ or model/ yet); resume it first (Training tab, or tunedesk-cli train … --resume)</source>
        <translation>%1：这次训练尚未完成（还没有 adapter/ 或 model/）；请先继续训练（训练页，或 tunedesk-cli train … --resume）</translation>
    </message>
    <message>
        <source>%1: the base model is not recorded; name it (--model DIR)</source>
        <translation>%1：没有记录基础模型；请指定（--model DIR）</translation>
    </message>
    <message>
        <source>the TuneDesk engine (libtunedesk_engine_plugin.so) could not be loaded; looked for:%1</source>
        <translation>无法加载 TuneDesk 引擎（libtunedesk_engine_plugin.so）；查找过：%1</translation>
    </message>
    <message>
        <source>not enough memory on the %1 (%2). Lower the batch size or the maximum length, turn on gradient checkpointing, or use LoRA.</source>
        <translation>%1 内存不足（%2）。请减小批大小或最大长度、开启梯度检查点，或改用 LoRA。</translation>
    </message>
    <message>
        <source>CUDA was asked for, but this libtorch has no CUDA or no GPU is visible</source>
        <translation>要求使用 CUDA，但此 libtorch 不支持 CUDA 或看不到 GPU</translation>
    </message>
    <message numerus="yes">
        <source>%1 has %n error(s); training refuses data with errors. Fix them (the Validation tab lists them) or convert the file, which keeps only the rows without errors. First ones:
%2</source>
        <translation>
            <numerusform>%1 有 %n 个错误；训练不接受有错误的数据。请修正（校验页列出了这些错误），或转换该文件——转换只保留没有错误的行。前几个：
%2</numerusform>
        </translation>
    </message>
    <message>
        <source>no training examples: every example of %1 is empty or longer than the maximum length</source>
        <translation>没有训练样本：%1 的每个样本都为空或超过最大长度</translation>
    </message>
    <message>
        <source>no checkpoint to resume from in %1</source>
        <translation>%1 中没有可以继续的检查点</translation>
    </message>
    <message>
        <source>%1: %2 does not match this run; the checkpoint is from other settings</source>
        <translation>%1：%2 与本次训练不符；该检查点来自其他设置</translation>
    </message>
    <message>
        <source>the conversation (%1 tokens) fills the model&apos;s context of %2 tokens; clear the history or ask a shorter question</source>
        <translation>对话（%1 个词元）已占满模型 %2 个词元的上下文；请清空历史记录或提一个更短的问题</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid user name (1–32 letters, digits, &apos;_&apos;, &apos;-&apos;, &apos;.&apos;; not starting with &apos;.&apos;)</source>
        <translation>“%1”不是有效的用户名（1–32 个字母、数字、“_”、“-”、“.”；不能以“.”开头）</translation>
    </message>
    <message>
        <source>the password must have at least %1 characters</source>
        <translation>密码至少需要 %1 个字符</translation>
    </message>
    <message>
        <source>the user &apos;%1&apos; already exists</source>
        <translation>用户“%1”已存在</translation>
    </message>
    <message>
        <source>no user &apos;%1&apos;</source>
        <translation>没有用户“%1”</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is the last administrator; make someone else one first</source>
        <translation>“%1”是最后一位管理员；请先让其他人成为管理员</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is the last administrator and cannot be removed</source>
        <translation>“%1”是最后一位管理员，不能删除</translation>
    </message>
    <message>
        <source>cannot store the upload as %1: %2</source>
        <translation>无法将上传的文件保存为 %1：%2</translation>
    </message>
    <message>
        <source>no row of the dataset is free of errors; nothing to convert</source>
        <translation>数据集中没有一行是没有错误的；无法转换</translation>
    </message>
    <message>
        <source>the validation share must be at least 0 and below 1</source>
        <translation>验证集比例必须不小于 0 且小于 1</translation>
    </message>
    <message>
        <source>a base model named &apos;%1&apos; is listed already; choose another name</source>
        <translation>已有名为“%1”的基座模型；请换一个名称</translation>
    </message>
    <message>
        <source>%1 is outside your workspace (%2); only an administrator can add folders from elsewhere on the server</source>
        <translation>%1 不在你的工作区（%2）内；只有管理员可以添加服务器上其他位置的文件夹</translation>
    </message>
    <message>
        <source>%1 exists and is not empty; choose a new or empty folder</source>
        <translation>%1 已存在且不为空；请选择一个新的或空的文件夹</translation>
    </message>
    <message>
        <source>%1: a P-Tuning v2 prefix is not a change of weights and cannot be merged; export it without merging to copy the adapter</source>
        <translation>%1：P-Tuning v2 前缀不是对权重的修改，无法合并；请不合并导出，以复制适配器</translation>
    </message>
    <message>
        <source>%1 is already a complete model (full fine-tuning); export it without merging</source>
        <translation>%1 已经是完整模型（全参数微调）；请不合并导出</translation>
    </message>
    <message>
        <source>the current password is not right</source>
        <translation>当前密码不正确</translation>
    </message>
    <message>
        <source>%1: cannot be read</source>
        <translation>%1：无法读取</translation>
    </message>
    <message>
        <source>%1: not valid YAML: %2</source>
        <translation>%1：不是有效的 YAML：%2</translation>
    </message>
    <message>
        <source>%1: expected a mapping of keys</source>
        <translation>%1：应为“键: 值”的映射</translation>
    </message>
    <message>
        <source>%1: unknown key</source>
        <translation>%1：未知的键</translation>
    </message>
    <message>
        <source>%1: unknown key; did you mean %2?</source>
        <translation>%1：未知的键；你是不是想写 %2？</translation>
    </message>
    <message>
        <source>%1: not a key here: it goes under %3: (%2)</source>
        <translation>%1：此处没有这个键，它应放在 %3: 之下（%2）</translation>
    </message>
    <message>
        <source>%1: expected a whole number, got &apos;%2&apos;</source>
        <translation>%1：应为整数，实际是“%2”</translation>
    </message>
    <message>
        <source>%1: must be at least %2</source>
        <translation>%1：至少应为 %2</translation>
    </message>
    <message>
        <source>%1: expected a number, got &apos;%2&apos;</source>
        <translation>%1：应为数字，实际是“%2”</translation>
    </message>
    <message>
        <source>%1: expected true or false, got &apos;%2&apos;</source>
        <translation>%1：应为 true 或 false，实际是“%2”</translation>
    </message>
    <message>
        <source>%1: expected a single value</source>
        <translation>%1：应为单个值</translation>
    </message>
    <message>
        <source>%1: expected a list of names</source>
        <translation>%1：应为名称列表</translation>
    </message>
    <message>
        <source>%1: TuneDesk saves by &apos;steps&apos; (or &apos;no&apos;), not &apos;%2&apos;</source>
        <translation>%1：TuneDesk 按“steps”保存（或“no”），不支持“%2”</translation>
    </message>
    <message>
        <source>%1: TuneDesk logs by &apos;steps&apos;</source>
        <translation>%1：TuneDesk 按“steps”记录日志</translation>
    </message>
    <message>
        <source>%1: TuneDesk evaluates by &apos;steps&apos; (or &apos;no&apos;), not &apos;%2&apos;</source>
        <translation>%1：TuneDesk 按“steps”验证（或“no”），不支持“%2”</translation>
    </message>
    <message>
        <source>%1: TuneDesk trains LORA and PREFIX_TUNING, not %2</source>
        <translation>%1：TuneDesk 支持 LORA 和 PREFIX_TUNING，不支持 %2</translation>
    </message>
    <message>
        <source>%1: only CAUSAL_LM is supported</source>
        <translation>%1：只支持 CAUSAL_LM</translation>
    </message>
    <message>
        <source>%1: only &apos;none&apos; is supported (biases stay frozen)</source>
        <translation>%1：只支持“none”（偏置保持冻结）</translation>
    </message>
    <message>
        <source>%1: a P-Tuning v2 prefix has no place in a GGUF file (llama.cpp has no prefix tuning); export a LoRA or full fine-tuning result</source>
        <translation>%1：P-Tuning v2 前缀无法写入 GGUF 文件（llama.cpp 不支持前缀微调）；请导出 LoRA 或全量微调的结果</translation>
    </message>
    <message>
        <source>unknown model hub &apos;%1&apos; (choose hf or modelscope)</source>
        <translation>未知的模型仓库“%1”（请选择 hf 或 modelscope）</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a model id; a repository is named owner/name, e.g. Qwen/Qwen2.5-0.5B-Instruct</source>
        <translation>“%1”不是模型 ID；仓库名的形式是 所有者/名称，例如 Qwen/Qwen2.5-0.5B-Instruct</translation>
    </message>
    <message>
        <source>%1 answered the file list in a form TuneDesk does not know: %2</source>
        <translation>%1 返回的文件列表格式 TuneDesk 无法识别：%2</translation>
    </message>
    <message>
        <source>%1: %2 is private or gated and needs a token: create one on the hub (for a gated model, accept its terms on the model&apos;s page first) and set %3</source>
        <translation>%1：%2 是私有或受限模型，需要令牌：请在该平台创建令牌（受限模型还需先在模型页面同意其使用条款），并设置 %3</translation>
    </message>
    <message>
        <source>%1 refused the token for %2: the account has no access (for a gated model, accept its terms on the model&apos;s page)</source>
        <translation>%1 拒绝了访问 %2 的令牌：该账号没有权限（受限模型需先在模型页面同意其使用条款）</translation>
    </message>
    <message>
        <source>%1 has no model %2 at revision %3 (check the id; a private model needs a token)</source>
        <translation>%1 上没有模型 %2（版本 %3）（请检查 ID；私有模型需要令牌）</translation>
    </message>
    <message>
        <source>%1: %2 has no file %3 at revision %4</source>
        <translation>%1：%2 在版本 %4 中没有文件 %3</translation>
    </message>
    <message>
        <source>%1 answered HTTP %2 for %3</source>
        <translation>%1 对 %3 返回了 HTTP %2</translation>
    </message>
    <message>
        <source>the connection to %1 failed while fetching %2: %3. Run the download again: it resumes where it stopped.</source>
        <translation>获取 %2 时与 %1 的连接中断：%3。请再次运行下载：会从中断处继续。</translation>
    </message>
    <message>
        <source>%1 has no *.safetensors weights (its files: %2); TuneDesk reads safetensors only, so look for a version of the model that has them</source>
        <translation>%1 没有 *.safetensors 权重（其文件：%2）；TuneDesk 只读取 safetensors，请寻找提供 safetensors 的版本</translation>
    </message>
    <message>
        <source>%1: the file does not match the hub&apos;s checksum (%2) even when fetched again; the download was stopped</source>
        <translation>%1：重新下载后文件仍与平台给出的校验值（%2）不符；下载已停止</translation>
    </message>
    <message>
        <source>not enough free disk space in %1: the download needs %2, %3 are free</source>
        <translation>%1 的磁盘空间不足：下载需要 %2，可用 %3</translation>
    </message>
    <message>
        <source>%1 exists already: choose another folder or remove it first</source>
        <translation>%1 已存在：请选择其他文件夹，或先删除它</translation>
    </message>
    <message>
        <source>the download of %1 was cancelled; start it again to resume where it stopped</source>
        <translation>%1 的下载已取消；再次开始即可从中断处继续</translation>
    </message>
    <message>
        <source>%1: only a LoRA result exported without merging is an adapter on its own</source>
        <translation>%1：只有未合并导出的 LoRA 结果才能单独作为适配器导出</translation>
    </message>
    <message>
        <source>%1 is not the base model this adapter was trained on: %2</source>
        <translation>%1 不是该适配器训练时所用的基础模型：%2</translation>
    </message>
    <message>
        <source>an Ollama Modelfile for an adapter alone needs the base model&apos;s GGUF file (--base-gguf FILE)</source>
        <translation>为单独导出的适配器生成 Ollama Modelfile 需要基础模型的 GGUF 文件（--base-gguf 文件）</translation>
    </message>
    <message>
        <source>a download into %1 is running already</source>
        <translation>已有下载正在写入 %1</translation>
    </message>
    <message>
        <source>This run needs about %1 of memory at its peak (weights %2, optimizer state %3, activations and gradients %4, logits %5), more than the %7 available (%6). It would fit with: %8. To start it anyway: check_memory: false (tunedesk-cli train --no-memory-check).</source>
        <translation>此次训练峰值约需 %1 内存（权重 %2，优化器状态 %3，激活与梯度 %4，logits %5），超过可用的 %7（%6）。改用以下设置即可容纳：%8。如仍要开始：check_memory: false（tunedesk-cli train --no-memory-check）。</translation>
    </message>
    <message>
        <source>This run needs about %1 of memory at its peak (weights %2, optimizer state %3, activations and gradients %4, logits %5), more than the %7 available (%6), and would not fit even with gradient checkpointing, batch size 1, LoRA and a cutoff of 128 tokens: a smaller model or more memory is needed. To start it anyway: check_memory: false (tunedesk-cli train --no-memory-check).</source>
        <translation>此次训练峰值约需 %1 内存（权重 %2，优化器状态 %3，激活与梯度 %4，logits %5），超过可用的 %7（%6）；即使开启梯度检查点、批大小为 1、使用 LoRA 并截断到 128 个词元也放不下：需要更小的模型或更多内存。如仍要开始：check_memory: false（tunedesk-cli train --no-memory-check）。</translation>
    </message>
    <message>
        <source>wrong or missing setup code: from another machine, the administrator is created with the code `tunedesk-cli serve` printed when it started</source>
        <translation>设置码错误或缺失：从其他机器创建管理员时，需要输入 `tunedesk-cli serve` 启动时打印的设置码</translation>
    </message>
    <message>
        <source>too many wrong setup codes: restart the server for a new code, or create the administrator on the server itself (tunedesk-cli users add NAME --role admin)</source>
        <translation>错误的设置码次数过多：请重启服务器以获得新的设置码，或在服务器本机创建管理员（tunedesk-cli users add NAME --role admin）</translation>
    </message>
    <message>
        <source>HTTPS is not available: Qt found no TLS backend (install the libqt6network6 package&apos;s OpenSSL plugin)</source>
        <translation>HTTPS 不可用：Qt 未找到 TLS 后端（请安装 libqt6network6 软件包的 OpenSSL 插件）</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>the private key %1 does not belong to the certificate %2</source>
        <translation>私钥 %1 与证书 %2 不匹配</translation>
    </message>
    <message>
        <source>the certificate %1 expired on %2</source>
        <translation>证书 %1 已于 %2 过期</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>making the self-signed certificate failed: %1</source>
        <translation>生成自签名证书失败：%1</translation>
    </message>
    <message>
        <source>%1: must be from %2 to %3, not %4</source>
        <translation>%1：应在 %2 到 %3 之间，而不是 %4</translation>
    </message>
    <message>
        <source>%1: expected one of %2, not &apos;%3&apos;</source>
        <translation>%1：应为 %2 之一，而不是“%3”</translation>
    </message>
    <message numerus="yes">
        <source>%1 has personal data in %n row(s) (ID, phone or bank card numbers, e-mail addresses, licence plates, listed names); this run refuses it until it is masked (personal_data: refuse). Mask it (tunedesk-cli data fix FILE --mask-pii -o MASKED.jsonl) and train on the masked file, or let the run train with a warning. First ones:
%2</source>
        <translation>
            <numerusform>%1 中有 %n 行含有个人信息（身份证号、电话或银行卡号、电子邮箱、车牌号、名单中的姓名）；本次训练设置为脱敏前拒绝训练（personal_data: refuse）。请先脱敏（tunedesk-cli data fix 文件 --mask-pii -o MASKED.jsonl）并用脱敏后的文件训练，或改为照常训练并给出警告。前几处：
%2</numerusform>
        </translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a method TuneDesk trains (lora, ptuning_v2, sft)</source>
        <translation>“%1”不是 TuneDesk 支持的微调方法（lora、ptuning_v2、sft）</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a model type TuneDesk knows (%2)</source>
        <translation>“%1”不是 TuneDesk 已知的模型类型（%2）</translation>
    </message>
    <message>
        <source>the dataset %1 does not exist</source>
        <translation>数据集 %1 不存在</translation>
    </message>
    <message>
        <source>%1: expected %2</source>
        <translation>%1：应为 %2</translation>
    </message>
    <message>
        <source>%1 has no row without errors to write new rows from</source>
        <translation>%1 没有无错误的行可用于生成新行</translation>
    </message>
    <message>
        <source>job %1 is not an augmentation; only an augmentation&apos;s candidates can be reviewed</source>
        <translation>任务 %1 不是数据扩充任务；只有数据扩充任务的候选数据可以审阅</translation>
    </message>
    <message>
        <source>job %1 is %2; its candidates can be reviewed once it has finished or been cancelled</source>
        <translation>任务 %1 的状态为 %2；完成或取消后才能审阅其候选数据</translation>
    </message>
    <message>
        <source>candidate %1: %2</source>
        <translation>候选 %1：%2</translation>
    </message>
</context>
<context>
    <name>ValidationRule</name>
    <message>
        <source>Missing column</source>
        <translation>缺少列</translation>
    </message>
    <message>
        <source>Duplicate column</source>
        <translation>重复的列</translation>
    </message>
    <message>
        <source>Extra column</source>
        <translation>多余的列</translation>
    </message>
    <message>
        <source>Malformed row</source>
        <translation>格式错误的行</translation>
    </message>
    <message>
        <source>Blank line</source>
        <translation>空行</translation>
    </message>
    <message>
        <source>Spreadsheet layout</source>
        <translation>表格布局</translation>
    </message>
    <message>
        <source>Value is not text</source>
        <translation>值不是文本</translation>
    </message>
    <message>
        <source>Encoding problem</source>
        <translation>编码问题</translation>
    </message>
    <message>
        <source>Empty field</source>
        <translation>空字段</translation>
    </message>
    <message>
        <source>Too long</source>
        <translation>过长</translation>
    </message>
    <message>
        <source>Too short</source>
        <translation>过短</translation>
    </message>
    <message>
        <source>Answer repeats the question</source>
        <translation>答案与问题相同</translation>
    </message>
    <message>
        <source>Duplicate row</source>
        <translation>重复的行</translation>
    </message>
    <message>
        <source>Same question, different answers</source>
        <translation>同一问题有不同答案</translation>
    </message>
    <message>
        <source>Control characters</source>
        <translation>控制字符</translation>
    </message>
    <message>
        <source>Few rows</source>
        <translation>行数偏少</translation>
    </message>
    <message>
        <source>Many rows</source>
        <translation>行数偏多</translation>
    </message>
    <message>
        <source>File too large</source>
        <translation>文件过大</translation>
    </message>
    <message>
        <source>Personal data</source>
        <translation>个人信息</translation>
    </message>
</context>
<context>
    <name>WebPage</name>
    <message>
        <source>upload</source>
        <translation>上传文件</translation>
    </message>
    <message>
        <source>converted</source>
        <translation>训练数据</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>adapter</source>
        <translation>适配器</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>merged model</source>
        <translation>合并后的模型</translation>
    </message>
    <message>
        <source>Welcome to TuneDesk</source>
        <translation>欢迎使用 TuneDesk</translation>
    </message>
    <message>
        <source>Sign in to TuneDesk</source>
        <translation>登录 TuneDesk</translation>
    </message>
    <message>
        <source>Create and sign in</source>
        <translation>创建并登录</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>No datasets yet: upload one.</source>
        <translation>还没有数据集：请上传一个。</translation>
    </message>
    <message>
        <source>sheet “{sheet}” of the workbook’s {n}: {names}</source>
        <translation>工作簿共 {n} 个工作表（{names}），读取的是“{sheet}”</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>校验通过</translation>
    </message>
    <message>
        <source>has errors</source>
        <translation>存在错误</translation>
    </message>
    <message>
        <source>valid rows</source>
        <translation>可用行</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>行</translation>
    </message>
    <message>
        <source>errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Uploading {name}…</source>
        <translation>正在上传 {name}…</translation>
    </message>
    <message>
        <source>Wrote {n} training rows to {path}.</source>
        <translation>已写入 {n} 行训练数据到 {path}。</translation>
    </message>
    <message>
        <source>Counting the rows in tokens…</source>
        <translation>正在按词元统计各行长度…</translation>
    </message>
    <message>
        <source>Lengths not counted: {why}</source>
        <translation>未能统计长度：{why}</translation>
    </message>
    <message>
        <source>All {n} rows fit the length limits (the longest is {max} tokens).</source>
        <translation>全部 {n} 行都在长度上限内（最长 {max} 个词元）。</translation>
    </message>
    <message>
        <source>{n} rows over the length limits will be left out ({prompt} prompt and {answer} answer tokens past the limits): lines {lines}</source>
        <translation>{n} 行超出长度上限，将被跳过（超出上限的问题词元共 {prompt} 个、答案词元共 {answer} 个）：第 {lines} 行</translation>
    </message>
    <message>
        <source>{n} rows will be truncated ({prompt} prompt and {answer} answer tokens past the limits): lines {lines}</source>
        <translation>{n} 行将被截断（超出上限的问题词元共 {prompt} 个、答案词元共 {answer} 个）：第 {lines} 行</translation>
    </message>
    <message>
        <source>gradient checkpointing</source>
        <translation>梯度检查点</translation>
    </message>
    <message>
        <source>batch size {b} with gradient accumulation {a}</source>
        <translation>批大小 {b}、梯度累积 {a}</translation>
    </message>
    <message>
        <source>LoRA instead of full fine-tuning</source>
        <translation>用 LoRA 代替全参数微调</translation>
    </message>
    <message>
        <source>at most {n} tokens per row</source>
        <translation>每行最多 {n} 个词元</translation>
    </message>
    <message>
        <source>your limit</source>
        <translation>您设定的上限</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>RAM</source>
        <translation>系统内存</translation>
    </message>
    <message>
        <source>Memory: about {need} (what the device has free is unknown).</source>
        <translation>内存：约 {need}（设备可用内存未知）。</translation>
    </message>
    <message>
        <source>Memory: about {need} of {have} available ({where}).</source>
        <translation>内存：约 {need}，可用 {have}（{where}）。</translation>
    </message>
    <message>
        <source>Memory: about {need}, more than the {have} available ({where}).</source>
        <translation>内存：约 {need}，超过可用的 {have}（{where}）。</translation>
    </message>
    <message>
        <source>It would fit with {change} (about {total}).</source>
        <translation>改用 {change} 即可容纳（约 {total}）。</translation>
    </message>
    <message>
        <source>Even the smallest settings would not fit: choose a smaller model.</source>
        <translation>即使用最省内存的设置也放不下：请选择更小的模型。</translation>
    </message>
    <message>
        <source>Changed the settings to {change}.</source>
        <translation>已将设置改为：{change}。</translation>
    </message>
    <message>
        <source>min {min} · median {median} · p95 {p95} · max {max}</source>
        <translation>最小 {min} · 中位数 {median} · p95 {p95} · 最大 {max}</translation>
    </message>
    <message>
        <source>limit {n}</source>
        <translation>上限 {n}</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>无上限</translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation>问题词元数</translation>
    </message>
    <message>
        <source>Answer tokens</source>
        <translation>答案词元数</translation>
    </message>
    <message>
        <source>Tokens per row</source>
        <translation>每行词元数</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>词元数</translation>
    </message>
    <message>
        <source>number of rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Prompt tokens cut</source>
        <translation>截掉的问题词元</translation>
    </message>
    <message>
        <source>Answer tokens cut</source>
        <translation>截掉的答案词元</translation>
    </message>
    <message>
        <source>Add a base model…</source>
        <translation>添加基座模型…</translation>
    </message>
    <message>
        <source>This run would need about {need} of memory, more than the {have} available: use the settings that fit, or tick &quot;Start anyway&quot;.</source>
        <translation>此次训练约需 {need} 内存，超过可用的 {have}：请使用能放下的设置，或勾选“仍然开始”。</translation>
    </message>
    <message>
        <source>Job {id} queued.</source>
        <translation>任务 {id} 已加入队列。</translation>
    </message>
    <message>
        <source>No jobs yet.</source>
        <translation>还没有训练任务。</translation>
    </message>
    <message>
        <source>compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>{n} errors</source>
        <translation>{n} 个错误</translation>
    </message>
    <message>
        <source>{n} warnings</source>
        <translation>{n} 个警告</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>evaluation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>The runs&apos; settings are the same.</source>
        <translation>这些运行的设置相同。</translation>
    </message>
    <message>
        <source>Settings that differ</source>
        <translation>不同的设置</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>No job {id} among yours.</source>
        <translation>你的任务中没有 {id}。</translation>
    </message>
    <message>
        <source>step {step} of {total}</source>
        <translation>第 {step} / {total} 步</translation>
    </message>
    <message>
        <source>about {eta} left</source>
        <translation>剩余约 {eta}</translation>
    </message>
    <message>
        <source>{n} tokens/s</source>
        <translation>{n} 词元/秒</translation>
    </message>
    <message>
        <source>loss {loss}</source>
        <translation>损失 {loss}</translation>
    </message>
    <message>
        <source>Merging, then writing the GGUF file…</source>
        <translation>正在合并，然后写出 GGUF 文件…</translation>
    </message>
    <message>
        <source>Writing the adapter as GGUF…</source>
        <translation>正在写出 GGUF 适配器…</translation>
    </message>
    <message>
        <source>Writing the base model and the adapter as GGUF…</source>
        <translation>正在把基座模型和适配器写成 GGUF…</translation>
    </message>
    <message>
        <source>Writing the GGUF file…</source>
        <translation>正在写出 GGUF 文件…</translation>
    </message>
    <message>
        <source>Merging and writing the model…</source>
        <translation>正在合并并写出模型…</translation>
    </message>
    <message>
        <source>Copying…</source>
        <translation>正在复制…</translation>
    </message>
    <message>
        <source>Wrote {file}.</source>
        <translation>已写出 {file}。</translation>
    </message>
    <message>
        <source>Wrote the LoRA adapter {adapter} and its base model {file}.</source>
        <translation>已写出 LoRA 适配器 {adapter} 及其基座模型 {file}。</translation>
    </message>
    <message>
        <source>Wrote the LoRA adapter {adapter} for the base model {file}.</source>
        <translation>已写出用于基座模型 {file} 的 LoRA 适配器 {adapter}。</translation>
    </message>
    <message>
        <source>Wrote the LoRA adapter {adapter} alone.</source>
        <translation>已单独写出 LoRA 适配器 {adapter}。</translation>
    </message>
    <message>
        <source>Wrote {file} for Ollama.</source>
        <translation>已写出供 Ollama 使用的 {file}。</translation>
    </message>
    <message>
        <source>Run it: {command}</source>
        <translation>运行：{command}</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>注意：{note}</translation>
    </message>
    <message>
        <source>Wrote the {what} to {path}.</source>
        <translation>已将{what}写到 {path}。</translation>
    </message>
    <message>
        <source>It is on your base models as {name}.</source>
        <translation>已作为基座模型“{name}”加入列表。</translation>
    </message>
    <message>
        <source>the rows the run held out</source>
        <translation>训练时留出的验证行</translation>
    </message>
    <message>
        <source>{done} of {total} answers</source>
        <translation>已回答 {done} / {total}</translation>
    </message>
    <message>
        <source>Loading the models…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Cancelled; the last evaluation is kept.</source>
        <translation>已取消；保留上一次的评估结果。</translation>
    </message>
    <message>
        <source>exact {exact} of {n} ({share}%), ROUGE-L {rouge}, BLEU-4 {bleu}</source>
        <translation>完全正确 {exact} / {n}（{share}%），ROUGE-L {rouge}，BLEU-4 {bleu}</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>数据行</translation>
    </message>
    <message>
        <source>Held-out rows</source>
        <translation>留出的验证行</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>基座模型</translation>
    </message>
    <message>
        <source>Fine-tuned</source>
        <translation>微调后</translation>
    </message>
    <message>
        <source>fine-tuned</source>
        <translation>微调</translation>
    </message>
    <message>
        <source>base model</source>
        <translation>基座模型</translation>
    </message>
    <message>
        <source>(no second model)</source>
        <translation>（不对比）</translation>
    </message>
    <message>
        <source>(no text)</source>
        <translation>（没有文字）</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Ask a question below.</source>
        <translation>在下方输入问题。</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s} 秒</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>This server is reachable from other machines over plain HTTP: your password and session cross the network unencrypted. Ask its administrator to serve it over HTTPS (tunedesk-cli serve --tls-self-signed).</source>
        <translation>此服务器可从其他机器通过未加密的 HTTP 访问：你的密码和会话会以明文在网络上传输。请让管理员改用 HTTPS 提供服务（tunedesk-cli serve --tls-self-signed）。</translation>
    </message>
    <message>
        <source>No account exists yet. Create the administrator account: it signs in now and can add other users later.</source>
        <translation>目前还没有任何账户。请创建管理员账户：创建后立即登录，之后可以添加其他用户。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>确认密码</translation>
    </message>
    <message>
        <source>Setup code</source>
        <translation>设置码</translation>
    </message>
    <message>
        <source>From another machine, the administrator is created with the one-time code that tunedesk-cli serve printed when it started.</source>
        <translation>从其他机器创建管理员时，需要输入 tunedesk-cli serve 启动时打印的一次性设置码。</translation>
    </message>
    <message>
        <source>Drop a CSV or Excel file (text, result) or a JSONL file here</source>
        <translation>将 CSV 或 Excel 文件（text、result 两列）或 JSONL 文件拖放到这里</translation>
    </message>
    <message>
        <source>or choose a file</source>
        <translation>或选择文件</translation>
    </message>
    <message>
        <source>Your datasets</source>
        <translation>你的数据集</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Model type</source>
        <translation>模型类型</translation>
    </message>
    <message>
        <source>General</source>
        <translation>通用</translation>
    </message>
    <message>
        <source>Medical</source>
        <translation>医疗</translation>
    </message>
    <message>
        <source>Legal</source>
        <translation>法律</translation>
    </message>
    <message>
        <source>Validation share</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <source>Trim white space</source>
        <translation>去除首尾空白</translation>
    </message>
    <message>
        <source>Drop exact duplicates</source>
        <translation>删除完全重复的行</translation>
    </message>
    <message>
        <source>Convert to JSONL</source>
        <translation>转换为 JSONL</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Lengths…</source>
        <translation>长度…</translation>
    </message>
    <message>
        <source>Use these settings</source>
        <translation>使用这些设置</translation>
    </message>
    <message>
        <source>Start anyway</source>
        <translation>仍然开始</translation>
    </message>
    <message>
        <source>More settings</source>
        <translation>更多设置</translation>
    </message>
    <message>
        <source>All settings (YAML)</source>
        <translation>全部设置（YAML）</translation>
    </message>
    <message>
        <source>The method&apos;s shipped settings with the fields above; edit any key (GLM-4 finetune_demo&apos;s), load a config or save this one for tunedesk-cli train.</source>
        <translation>该方法自带的设置，并包含上面各项的值；可以修改任意键（与 GLM-4 finetune_demo 相同），也可以加载配置，或保存下来供 tunedesk-cli train 使用。</translation>
    </message>
    <message>
        <source>Load YAML…</source>
        <translation>加载 YAML…</translation>
    </message>
    <message>
        <source>Save YAML</source>
        <translation>保存 YAML</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>job id, e.g. j4f9a21c</source>
        <translation>任务 ID，例如 j4f9a21c</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Compare the ticked runs</source>
        <translation>对比勾选的运行</translation>
    </message>
    <message>
        <source>Runs compared</source>
        <translation>运行对比</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Export the result</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <source>Merge the LoRA adapter into the base model (a complete model)</source>
        <translation>将 LoRA 适配器合并进基座模型（得到完整模型）</translation>
    </message>
    <message>
        <source>Hugging Face folder</source>
        <translation>Hugging Face 文件夹</translation>
    </message>
    <message>
        <source>GGUF for llama.cpp and Ollama</source>
        <translation>GGUF（llama.cpp 与 Ollama）</translation>
    </message>
    <message>
        <source>Ollama Modelfile</source>
        <translation>Ollama Modelfile</translation>
    </message>
    <message>
        <source>The adapter alone</source>
        <translation>仅适配器</translation>
    </message>
    <message>
        <source>base model GGUF (optional)</source>
        <translation>基座模型的 GGUF（可选）</translation>
    </message>
    <message>
        <source>Add it to my base models</source>
        <translation>添加到我的基座模型</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Base model vs fine-tuned</source>
        <translation>基座模型与微调后对比</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>期望答案</translation>
    </message>
    <message>
        <source>Base ROUGE-L</source>
        <translation>基座 ROUGE-L</translation>
    </message>
    <message>
        <source>Tuned ROUGE-L</source>
        <translation>微调 ROUGE-L</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Side by side with</source>
        <translation>并排对比</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最大词元数</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>清空历史</translation>
    </message>
    <message>
        <source>Ask something… (Ctrl+Enter sends)</source>
        <translation>输入问题…（Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Base models</source>
        <translation>基座模型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Model folder</source>
        <translation>模型文件夹</translation>
    </message>
    <message>
        <source>exports/NAME, or a folder with config.json</source>
        <translation>exports/名称，或包含 config.json 的文件夹</translation>
    </message>
    <message>
        <source>Name (optional)</source>
        <translation>名称（可选）</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Download a model</source>
        <translation>下载模型</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>ModelScope</source>
        <translation>ModelScope（魔搭）</translation>
    </message>
    <message>
        <source>Model id</source>
        <translation>模型 ID</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Folder (optional)</source>
        <translation>文件夹（可选）</translation>
    </message>
    <message>
        <source>Already on the server (Hugging Face and ModelScope caches)</source>
        <translation>服务器上已有的模型（Hugging Face 与 ModelScope 的缓存）</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账户</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>user</source>
        <translation>普通用户</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>API keys</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Programs (scripts, OpenAI client libraries) use a key instead of signing in: Authorization: Bearer KEY.</source>
        <translation>程序（脚本、OpenAI 客户端库）用密钥代替登录：Authorization: Bearer 密钥。</translation>
    </message>
    <message>
        <source>Copy the new key now: it is not shown again.</source>
        <translation>请现在复制新密钥：它不会再次显示。</translation>
    </message>
    <message>
        <source>Create a key</source>
        <translation>创建密钥</translation>
    </message>
    <message>
        <source>Change your password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>A folder in Hugging Face layout (config.json, *.safetensors, tokenizer.json): as an administrator you may name any folder on the server; a relative path starts in your workspace.</source>
        <translation>Hugging Face 格式的模型文件夹（config.json、*.safetensors、tokenizer.json）：作为管理员，你可以填写服务器上的任意文件夹；相对路径从你的工作区开始。</translation>
    </message>
    <message>
        <source>A folder in Hugging Face layout (config.json, *.safetensors, tokenizer.json) inside your workspace: a relative path such as exports/NAME starts there.</source>
        <translation>Hugging Face 格式的模型文件夹（config.json、*.safetensors、tokenizer.json），须位于你的工作区内：相对路径（如 exports/名称）从工作区开始。</translation>
    </message>
    <message>
        <source>The config, tokenizer and safetensors weights only, each checked against the hub&apos;s checksum; it goes to models/NAME in your workspace unless you name a folder. A download that stopped resumes when started again into the same folder.</source>
        <translation>只下载配置、分词器和 safetensors 权重，逐个与平台的校验值核对；默认保存到工作区的 models/名称，也可以指定文件夹。中断的下载再次下载到同一文件夹时会继续。</translation>
    </message>
    <message>
        <source>As an administrator you may name any folder on the server.</source>
        <translation>作为管理员，你可以指定服务器上的任意文件夹。</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Removed {name} from the list; its folder stays.</source>
        <translation>已从列表中移除 {name}；文件夹仍保留。</translation>
    </message>
    <message>
        <source>Added {name}.</source>
        <translation>已添加 {name}。</translation>
    </message>
    <message>
        <source>{done} of {total} · {speed}/s · {left} left · {files} of {count} files</source>
        <translation>{done} / {total} · {speed}/秒 · 剩余 {left} · 文件 {files} / {count}</translation>
    </message>
    <message>
        <source>asking the hub for its files…</source>
        <translation>正在向平台获取文件列表…</translation>
    </message>
    <message>
        <source>Downloaded: on your base models as {name}.</source>
        <translation>下载完成：已作为基座模型“{name}”加入列表。</translation>
    </message>
    <message>
        <source>Stopped when the server stopped, at {done} of {total}; Resume fetches what is missing.</source>
        <translation>服务停止时中断于 {done} / {total}；点击“继续”只下载缺少的部分。</translation>
    </message>
    <message>
        <source>No keys yet.</source>
        <translation>还没有密钥。</translation>
    </message>
    <message>
        <source>created {when}</source>
        <translation>创建于 {when}</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Your password is changed; other sessions are signed out.</source>
        <translation>密码已修改；其他会话已退出登录。</translation>
    </message>
    <message>
        <source>{name} is now {role}.</source>
        <translation>{name} 现在是{role}。</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Set the password of {name}; their sessions are signed out.</source>
        <translation>已设置 {name} 的密码；其会话已退出登录。</translation>
    </message>
    <message>
        <source>Remove the user {name}? Their files stay on disk.</source>
        <translation>删除用户 {name}？其文件仍保留在磁盘上。</translation>
    </message>
    <message>
        <source>Removed the user {name}.</source>
        <translation>已删除用户 {name}。</translation>
    </message>
    <message>
        <source>Added the user {name}.</source>
        <translation>已添加用户 {name}。</translation>
    </message>
    <message>
        <source>{fields} fields changed in {rows} rows</source>
        <translation>{rows} 行中共修改了 {fields} 处</translation>
    </message>
    <message>
        <source>{n} exact duplicates left out</source>
        <translation>删除了 {n} 行完全重复的行</translation>
    </message>
    <message>
        <source>{n} near-duplicates left out</source>
        <translation>删除了 {n} 行近似重复的行</translation>
    </message>
    <message>
        <source>{n} rows with personal data, masked</source>
        <translation>{n} 行含有个人信息，已脱敏</translation>
    </message>
    <message>
        <source>{n} rows with personal data, not masked</source>
        <translation>{n} 行含有个人信息，未脱敏</translation>
    </message>
    <message>
        <source>{out} of {in} rows kept</source>
        <translation>保留 {out} / {in} 行</translation>
    </message>
    <message>
        <source>line {line} and {others}: the same question, answered differently (kept for you to decide)</source>
        <translation>第 {line} 行与第 {others} 行：同一问题有不同答案（均保留，请你决定）</translation>
    </message>
    <message>
        <source>… and {n} more</source>
        <translation>……另有 {n} 处</translation>
    </message>
    <message>
        <source>Wrote the cleaned version {name}; {source} stays as it was.</source>
        <translation>已写入清洗后的新版本 {name}；{source} 保持不变。</translation>
    </message>
    <message>
        <source>Clean into a new version</source>
        <translation>清洗为新版本</translation>
    </message>
    <message>
        <source>Collapse runs of spaces</source>
        <translation>合并连续空格</translation>
    </message>
    <message>
        <source>Remove invisible characters</source>
        <translation>删除不可见字符</translation>
    </message>
    <message>
        <source>Mask personal data</source>
        <translation>个人信息脱敏</translation>
    </message>
    <message>
        <source>Letters and digits</source>
        <translation>字母和数字</translation>
    </message>
    <message>
        <source>as they are</source>
        <translation>保持不变</translation>
    </message>
    <message>
        <source>half width (ABC123)</source>
        <translation>半角（ABC123）</translation>
    </message>
    <message>
        <source>full width (ＡＢＣ１２３)</source>
        <translation>全角（ＡＢＣ１２３）</translation>
    </message>
    <message>
        <source>Chinese script</source>
        <translation>简繁转换</translation>
    </message>
    <message>
        <source>as it is</source>
        <translation>不转换</translation>
    </message>
    <message>
        <source>Near-duplicates (similarity; 0: keep)</source>
        <translation>近似重复（相似度；0：保留）</translation>
    </message>
    <message>
        <source>Names to find (separated by commas)</source>
        <translation>要查找的姓名（用逗号分隔）</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Write the new version</source>
        <translation>写入新版本</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>修改后</translation>
    </message>
    <message>
        <source>row {step} of {total}</source>
        <translation>第 {step} / {total} 行</translation>
    </message>
    <message>
        <source>{n} candidates</source>
        <translation>{n} 条候选</translation>
    </message>
    <message>
        <source>{id}: fine-tuned with {method}</source>
        <translation>{id}：{method} 微调</translation>
    </message>
    <message>
        <source>{id} (base model)</source>
        <translation>{id}（基础模型）</translation>
    </message>
    <message>
        <source>Job {id} is waiting for the job ahead of it in the queue.</source>
        <translation>任务 {id} 正在排队，等待前面的任务完成。</translation>
    </message>
    <message>
        <source>Job {id}: row {row} of {total}, {n} candidates so far.</source>
        <translation>任务 {id}：第 {row} / {total} 行，已生成 {n} 条候选。</translation>
    </message>
    <message>
        <source>Job {id}: opening the model…</source>
        <translation>任务 {id}：正在打开模型…</translation>
    </message>
    <message>
        <source>Job {id} failed: {error}</source>
        <translation>任务 {id} 失败：{error}</translation>
    </message>
    <message>
        <source>Job {id} was interrupted when TuneDesk closed; start again.</source>
        <translation>任务 {id} 因 TuneDesk 关闭而中断，请重新开始。</translation>
    </message>
    <message>
        <source>Job {id} was stopped; </source>
        <translation>任务 {id} 已停止；</translation>
    </message>
    <message>
        <source>Job {id} is done; </source>
        <translation>任务 {id} 已完成；</translation>
    </message>
    <message>
        <source>{n} candidates to review: {kept} kept ({edited} edited). </source>
        <translation>{n} 条候选待审阅：保留 {kept} 条（修改 {edited} 条）。</translation>
    </message>
    <message>
        <source>Untick what is wrong, correct what is almost right, then write the new version.</source>
        <translation>取消勾选错误的，修改接近正确的，然后写入新版本。</translation>
    </message>
    <message>
        <source>The candidates are not added to your data: you review them first.</source>
        <translation>候选数据不会直接加入你的数据：需要你先审阅。</translation>
    </message>
    <message>
        <source>Wrote {name}: {rows} rows of {source} and {n} generated rows; {source} stays as it was.</source>
        <translation>已写入 {name}：{source} 的 {rows} 行和 {n} 条生成的行；{source} 保持不变。</translation>
    </message>
    <message>
        <source>Augment with a model</source>
        <translation>用模型扩充</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Paraphrases of each question (the answer kept)</source>
        <translation>改写每个问题（保留原回答）</translation>
    </message>
    <message>
        <source>New question/answer pairs from each answer</source>
        <translation>根据每条回答生成新的问答对</translation>
    </message>
    <message>
        <source>Per row</source>
        <translation>每行</translation>
    </message>
    <message>
        <source>Rows (0: all)</source>
        <translation>行数（0：全部）</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Keep all</source>
        <translation>全部保留</translation>
    </message>
    <message>
        <source>Keep none</source>
        <translation>全部不保留</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>From line</source>
        <translation>来自行</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Open the source (undo)</source>
        <translation>打开来源文件（撤销）</translation>
    </message>
    <message>
        <source>cleaned</source>
        <translation>清洗</translation>
    </message>
    <message>
        <source>augmented</source>
        <translation>扩充</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>left out</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>from {source}, {how}</source>
        <translation>来自 {source}，{how}</translation>
    </message>
    <message>
        <source>Changes from {source}</source>
        <translation>相对 {source} 的改动</translation>
    </message>
    <message>
        <source>{source} is no longer in your workspace.</source>
        <translation>{source} 已不在你的工作区中。</translation>
    </message>
    <message>
        <source>{before} rows before, {after} after: {same} the same, {changed} changed, {removed} left out, {added} added</source>
        <translation>之前 {before} 行，之后 {after} 行：相同 {same} 行，修改 {changed} 行，删除 {removed} 行，新增 {added} 行</translation>
    </message>
    <message>
        <source>generated</source>
        <translation>模型生成</translation>
    </message>
    <message>
        <source>line {line} and those answered otherwise</source>
        <translation>第 {line} 行及回答不同的行</translation>
    </message>
    <message>
        <source>line {line} (the first)</source>
        <translation>第 {line} 行（第一行）</translation>
    </message>
    <message>
        <source>all of them</source>
        <translation>全部保留</translation>
    </message>
    <message>
        <source>only line {line}</source>
        <translation>只保留第 {line} 行</translation>
    </message>
    <message>
        <source>Near-duplicate lines</source>
        <translation>近似重复的行</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>保留的行</translation>
    </message>
    <message>
        <source>Prompt ({question}: the row&apos;s question, {answer}: its answer)</source>
        <translation>提示词（{question}：该行的问题，{answer}：它的回答）</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::AugmentDialog</name>
    <message>
        <source>Augment %1 with a model</source>
        <translation>用模型扩充 %1</translation>
    </message>
    <message>
        <source>%1 (base model)</source>
        <translation>%1（基础模型）</translation>
    </message>
    <message>
        <source>%1: %2 on %3</source>
        <translation>%1：%2，数据 %3</translation>
    </message>
    <message>
        <source>The model that writes the candidates: a base model, or one you fine-tuned</source>
        <translation>生成候选数据的模型：基础模型或你微调过的模型</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Paraphrases of each question (the answer kept)</source>
        <translation>改写每个问题（保留原回答）</translation>
    </message>
    <message>
        <source>New question/answer pairs from each answer</source>
        <translation>根据每条回答生成新的问答对</translation>
    </message>
    <message>
        <source>Write:</source>
        <translation>生成：</translation>
    </message>
    <message>
        <source>Per row:</source>
        <translation>每行：</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Only the first rows without errors (all: every one)</source>
        <translation>只处理前若干条无错误的行（全部：每一行）</translation>
    </message>
    <message>
        <source>Rows:</source>
        <translation>行数：</translation>
    </message>
    <message>
        <source>Higher: more varied candidates, and more of them unusable</source>
        <translation>越高：候选越多样，但不可用的也越多</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>温度：</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>The candidates are not added to your data: you review them first.</source>
        <translation>候选数据不会直接加入你的数据：需要你先审阅。</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>From line</source>
        <translation>来自行</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Keep all</source>
        <translation>全部保留</translation>
    </message>
    <message>
        <source>Keep none</source>
        <translation>全部不保留</translation>
    </message>
    <message>
        <source>Write the new version</source>
        <translation>写入新版本</translation>
    </message>
    <message>
        <source>No model to write with: add a base model in the Models tab first.</source>
        <translation>没有可用于生成的模型：请先在“模型”页添加基础模型。</translation>
    </message>
    <message>
        <source>Cannot start: %1</source>
        <translation>无法开始：%1</translation>
    </message>
    <message>
        <source>Job %1 is waiting for the job ahead of it in the queue.</source>
        <translation>任务 %1 正在排队，等待前面的任务完成。</translation>
    </message>
    <message numerus="yes">
        <source>Job %1: row %2 of %3, %n candidate(s) so far.</source>
        <translation>
            <numerusform>任务 %1：第 %2 / %3 行，已生成 %n 条候选。</numerusform>
        </translation>
    </message>
    <message>
        <source>Job %1: opening the model…</source>
        <translation>任务 %1：正在打开模型…</translation>
    </message>
    <message>
        <source>Job %1 failed: %2</source>
        <translation>任务 %1 失败：%2</translation>
    </message>
    <message>
        <source>Job %1 was interrupted when TuneDesk closed; start again.</source>
        <translation>任务 %1 因 TuneDesk 关闭而中断，请重新开始。</translation>
    </message>
    <message>
        <source>The candidates of job %1 cannot be read: %2</source>
        <translation>无法读取任务 %1 的候选数据：%2</translation>
    </message>
    <message>
        <source>Job %1 was stopped; </source>
        <translation>任务 %1 已停止；</translation>
    </message>
    <message>
        <source>Job %1 is done; </source>
        <translation>任务 %1 已完成；</translation>
    </message>
    <message numerus="yes">
        <source>%n candidate(s) to review: </source>
        <translation>
            <numerusform>%n 条候选待审阅：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n kept</source>
        <translation>
            <numerusform>保留 %n 条</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%n edited). </source>
        <translation>
            <numerusform>（修改 %n 条）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Untick what is wrong, correct what is almost right, then write the new version.</source>
        <translation>取消勾选错误的，修改接近正确的，然后写入新版本。</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1: %2 row(s) of %3 and %n generated row(s); %3 stays as it was.</source>
        <translation>
            <numerusform>已写入 %1：%3 的 %2 行和 %n 条生成的行；%3 保持不变。</numerusform>
        </translation>
    </message>
    <message>
        <source>Writing failed: %1</source>
        <translation>写入失败：%1</translation>
    </message>
    <message>
        <source>What the model is asked for each row: {question} is the row&apos;s question, {answer} its answer. Edit it for this job; the templates are in resources/augmentation.yaml</source>
        <translation>对每一行向模型提出的要求：{question} 是该行的问题，{answer} 是它的回答。可为本次任务修改；模板位于 resources/augmentation.yaml</translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation>提示词：</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::ChatTab</name>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Open folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <source>An exported model, an adapter or a training run folder</source>
        <translation>导出的模型、适配器或训练运行文件夹</translation>
    </message>
    <message>
        <source>Open a model, adapter or run folder</source>
        <translation>打开模型、适配器或运行文件夹</translation>
    </message>
    <message>
        <source>System:</source>
        <translation>系统提示：</translation>
    </message>
    <message>
        <source>empty: the instruction the model was trained with</source>
        <translation>留空：使用模型训练时的指令</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>温度：</translation>
    </message>
    <message>
        <source>0 (greedy)</source>
        <translation>0（贪心）</translation>
    </message>
    <message>
        <source>0 always takes the most likely token; higher values vary the answers more.</source>
        <translation>0 总是选择概率最高的词元；数值越高，回答越多样。</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p：</translation>
    </message>
    <message>
        <source>Max tokens:</source>
        <translation>最大词元数：</translation>
    </message>
    <message>
        <source>Ask something… (Ctrl+Enter sends)</source>
        <translation>输入问题…（Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>清空历史</translation>
    </message>
    <message>
        <source>Answering with %1 …</source>
        <translation>正在用 %1 回答…</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n token(s) in %1 s (%2 tokens/s)</source>
        <translation>
            <numerusform>%n 个词元，用时 %1 秒（%2 词元/秒）</numerusform>
        </translation>
    </message>
    <message>
        <source>cut at the token limit</source>
        <translation>达到词元上限而截断</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>The model could not answer: %1</source>
        <translation>模型无法回答：%1</translation>
    </message>
    <message>
        <source>%1 · %2 on %3 (fine-tuned)</source>
        <translation>%1 · %2，数据 %3（微调）</translation>
    </message>
    <message>
        <source>%1 (base model)</source>
        <translation>%1（基座模型）</translation>
    </message>
    <message>
        <source>Base model: %1</source>
        <translation>基座模型：%1</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>基座模型</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>(no text)</source>
        <translation>（没有文字）</translation>
    </message>
    <message>
        <source>Ask a question below. A fine-tuned model is asked with the instruction it was trained with.</source>
        <translation>在下方输入问题。微调后的模型会使用训练时的指令来提问。</translation>
    </message>
    <message>
        <source>Side by side with</source>
        <translation>并排对比</translation>
    </message>
    <message>
        <source>Ask a second model the same questions and show both answers next to each other</source>
        <translation>用第二个模型回答相同的问题，并排显示两个回答</translation>
    </message>
    <message>
        <source>its base model</source>
        <translation>其基座模型</translation>
    </message>
    <message>
        <source>This is a base model: choose a second model to compare it with.</source>
        <translation>这是基座模型：请选择用于对比的第二个模型。</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::CleanDialog</name>
    <message>
        <source>Clean %1 into a new version</source>
        <translation>将 %1 清洗为新版本</translation>
    </message>
    <message>
        <source>Trim white space</source>
        <translation>去除首尾空白</translation>
    </message>
    <message>
        <source>Collapse runs of spaces</source>
        <translation>合并连续空格</translation>
    </message>
    <message>
        <source>Remove invisible characters</source>
        <translation>删除不可见字符</translation>
    </message>
    <message>
        <source>Drop exact duplicates</source>
        <translation>删除完全重复的行</translation>
    </message>
    <message>
        <source>Mask personal data</source>
        <translation>个人信息脱敏</translation>
    </message>
    <message>
        <source>ID, phone and bank card numbers, e-mail addresses, licence plates and the names below become numbered placeholders, the same value the same everywhere ([手机号1])</source>
        <translation>身份证号、电话和银行卡号、电子邮箱、车牌号以及下面的姓名替换为编号占位符，同一个值在各处用同一个占位符（[手机号1]）</translation>
    </message>
    <message>
        <source>as they are</source>
        <translation>保持不变</translation>
    </message>
    <message>
        <source>half width (ABC123)</source>
        <translation>半角（ABC123）</translation>
    </message>
    <message>
        <source>full width (ＡＢＣ１２３)</source>
        <translation>全角（ＡＢＣ１２３）</translation>
    </message>
    <message>
        <source>Letters and digits:</source>
        <translation>字母和数字：</translation>
    </message>
    <message>
        <source>as it is</source>
        <translation>不转换</translation>
    </message>
    <message>
        <source>Chinese script:</source>
        <translation>简繁转换：</translation>
    </message>
    <message>
        <source>keep them</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Rows whose question and answer are at least this similar to an earlier row&apos;s are left out (character 3-grams); the same question answered differently is kept and named</source>
        <translation>问题和答案与前面某行的相似度不低于此值的行将被删除（按字符 3-gram 计算）；同一问题有不同答案的行会保留并列出</translation>
    </message>
    <message>
        <source>Near-duplicates (similarity):</source>
        <translation>近似重复（相似度）：</translation>
    </message>
    <message>
        <source>names to find as personal data, separated by commas</source>
        <translation>作为个人信息查找的姓名，用逗号分隔</translation>
    </message>
    <message>
        <source>Names:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Preview to see every change before the new version is written.</source>
        <translation>写入新版本之前，请先预览每一处修改。</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>修改后</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Write the new version</source>
        <translation>写入新版本</translation>
    </message>
    <message>
        <source>Cleaning failed: %1</source>
        <translation>清洗失败：%1</translation>
    </message>
    <message>
        <source>Writing the new version…</source>
        <translation>正在写入新版本…</translation>
    </message>
    <message>
        <source>Cleaning…</source>
        <translation>正在清洗…</translation>
    </message>
    <message>
        <source>%1 field(s) changed in %2 row(s)</source>
        <translation>%2 行中共修改了 %1 处</translation>
    </message>
    <message>
        <source>%1 exact duplicate(s) left out</source>
        <translation>删除了 %1 行完全重复的行</translation>
    </message>
    <message>
        <source>%1 near-duplicate(s) left out</source>
        <translation>删除了 %1 行近似重复的行</translation>
    </message>
    <message>
        <source>%1 row(s) with personal data, masked</source>
        <translation>%1 行含有个人信息，已脱敏</translation>
    </message>
    <message>
        <source>%1 row(s) with personal data, not masked</source>
        <translation>%1 行含有个人信息，未脱敏</translation>
    </message>
    <message>
        <source>%1 of %2 rows kept</source>
        <translation>保留 %1 / %2 行</translation>
    </message>
    <message>
        <source> · </source>
        <translation> · </translation>
    </message>
    <message>
        <source>Line %1 and %2: the same question, answered differently (kept for you to decide)</source>
        <translation>第 %1 行与第 %2 行：同一问题有不同答案（均保留，请你决定）</translation>
    </message>
    <message>
        <source>Wrote %1; %2 stays as it was.</source>
        <translation>已写入 %1；%2 保持不变。</translation>
    </message>
    <message>
        <source>Near-duplicate lines</source>
        <translation>近似重复的行</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>First question</source>
        <translation>第一行的问题</translation>
    </message>
    <message>
        <source>line %1 (the first)</source>
        <translation>第 %1 行（第一行）</translation>
    </message>
    <message>
        <source>line %1 and those answered otherwise</source>
        <translation>第 %1 行及回答不同的行</translation>
    </message>
    <message>
        <source>all of them</source>
        <translation>全部保留</translation>
    </message>
    <message>
        <source>only line %1</source>
        <translation>只保留第 %1 行</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::DataTab</name>
    <message>
        <source>Your files</source>
        <translation>你的文件</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Uploads (kept as uploaded)</source>
        <translation>上传的文件（原样保存）</translation>
    </message>
    <message>
        <source>Converted datasets</source>
        <translation>转换后的数据集</translation>
    </message>
    <message>
        <source>Encoding:</source>
        <translation>编码：</translation>
    </message>
    <message>
        <source>Detect automatically</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>Excel saves CSV as GBK, UTF-8 with BOM or UTF-16; TuneDesk detects which. Choose one here if the preview shows garbled text.</source>
        <translation>Excel 保存的 CSV 可能是 GBK、带 BOM 的 UTF-8 或 UTF-16，TuneDesk 会自动识别。如果预览出现乱码，请在此手动选择。</translation>
    </message>
    <message>
        <source>Open a dataset</source>
        <translation>打开数据集</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>Cannot keep %1 in your workspace: %2</source>
        <translation>无法将 %1 保存到你的工作区：%2</translation>
    </message>
    <message>
        <source>Reading and checking %1 …</source>
        <translation>正在读取并校验 %1 …</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; could not be read: %2</source>
        <translation>无法读取 &lt;b&gt;%1&lt;/b&gt;：%2</translation>
    </message>
    <message>
        <source> with BOM</source>
        <translation>（带 BOM）</translation>
    </message>
    <message>
        <source> (detected)</source>
        <translation>（自动检测）</translation>
    </message>
    <message>
        <source> (chosen)</source>
        <translation>（手动选择）</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; — %2, %3 · %n row(s), %4 without errors · %5 error(s), %6 warning(s)</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; — %2，%3 · 共 %n 行，%4 行无错误 · %5 个错误，%6 个警告</numerusform>
        </translation>
    </message>
    <message>
        <source>Check</source>
        <translation>校验</translation>
    </message>
    <message>
        <source>The verdict of each file&apos;s validation: ✔ usable, ✘ with errors</source>
        <translation>每个文件的校验结论：✔ 可用，✘ 有错误</translation>
    </message>
    <message>
        <source>open to check</source>
        <translation>打开后校验</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n 个错误</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n 个警告</numerusform>
        </translation>
    </message>
    <message>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message numerus="yes">
        <source>%n usable row(s)</source>
        <translation>
            <numerusform>%n 行可用</numerusform>
        </translation>
    </message>
    <message>
        <source>Open CSV, Excel or JSONL…</source>
        <translation>打开 CSV、Excel 或 JSONL…</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <source>The workbook&apos;s sheet to read: the first row with values names the columns text and result.</source>
        <translation>要读取的工作簿工作表：第一行有值的行给出列名 text 和 result。</translation>
    </message>
    <message>
        <source>Open a CSV or Excel file with the columns &lt;b&gt;text&lt;/b&gt; (the question) and &lt;b&gt;result&lt;/b&gt; (the answer), or a JSONL file, or drop one here.</source>
        <translation>打开包含 &lt;b&gt;text&lt;/b&gt;（问题）和 &lt;b&gt;result&lt;/b&gt;（答案）两列的 CSV 或 Excel 文件，或 JSONL 文件，也可以拖放到这里。</translation>
    </message>
    <message>
        <source>Datasets (%1);;All files (*)</source>
        <translation>数据集 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <source>sheet &quot;%1&quot;</source>
        <translation>工作表“%1”</translation>
    </message>
    <message>
        <source>Made from</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>Clean…</source>
        <translation>清洗…</translation>
    </message>
    <message>
        <source>Fix characters, the Chinese script, duplicates and personal data into a new version</source>
        <translation>修正字符、简繁、重复行和个人信息，生成新版本</translation>
    </message>
    <message>
        <source>Augment…</source>
        <translation>扩充…</translation>
    </message>
    <message>
        <source>A model writes paraphrases or new question/answer pairs, for you to review</source>
        <translation>由模型改写问题或生成新的问答对，供你审阅</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::DownloadDialog</name>
    <message>
        <source>Download a base model</source>
        <translation>下载基础模型</translation>
    </message>
    <message>
        <source>Hugging Face</source>
        <translation>Hugging Face</translation>
    </message>
    <message>
        <source>ModelScope (魔搭)</source>
        <translation>ModelScope（魔搭）</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>来源：</translation>
    </message>
    <message>
        <source>The model&apos;s id on the hub, owner/name, as in its address</source>
        <translation>模型在平台上的 ID（所有者/名称），与其网址中的一致</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Revision:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Where the model&apos;s folder goes</source>
        <translation>模型文件夹的存放位置</translation>
    </message>
    <message>
        <source>Save to:</source>
        <translation>保存到：</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>&lt;b&gt;Already on this computer&lt;/b&gt; (the Hugging Face and ModelScope caches):</source>
        <translation>&lt;b&gt;本机已有的模型&lt;/b&gt;（Hugging Face 与 ModelScope 的缓存）：</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Cache</source>
        <translation>缓存</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>From %1 (%2 names another address, such as a mirror). %3</source>
        <translation>来自 %1（可用 %2 指定其他地址，例如镜像）。%3</translation>
    </message>
    <message>
        <source>No token: gated and private models need %1.</source>
        <translation>未设置令牌：受限和私有模型需要 %1。</translation>
    </message>
    <message>
        <source>A token is set.</source>
        <translation>已设置令牌。</translation>
    </message>
    <message>
        <source>none found in %1 or %2</source>
        <translation>在 %1 或 %2 中没有找到</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Choose the folder the model goes to.</source>
        <translation>请选择模型的保存文件夹。</translation>
    </message>
    <message>
        <source>Runs in the background under the training jobs; you can close this window and go on working</source>
        <translation>在后台运行，显示在训练任务下方；可以关闭此窗口继续工作</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::DownloadsPanel</name>
    <message>
        <source>asking the hub for its files…</source>
        <translation>正在向平台获取文件列表…</translation>
    </message>
    <message>
        <source>%1 of %2 · %3/s · %4 left · %5 of %6 files</source>
        <translation>%1 / %2 · %3/秒 · 剩余 %4 · 文件 %5 / %6</translation>
    </message>
    <message>
        <source>Downloaded: on your base models as %1.</source>
        <translation>下载完成：已作为基座模型“%1”加入列表。</translation>
    </message>
    <message>
        <source>Stopped when TuneDesk closed, at %1 of %2; Resume fetches what is missing.</source>
        <translation>TuneDesk 关闭时中断于 %1 / %2；点击“继续”只下载缺少的部分。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Model downloads&lt;/b&gt;</source>
        <translation>&lt;b&gt;模型下载&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>revision %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <source>Hugging Face</source>
        <translation>Hugging Face</translation>
    </message>
    <message>
        <source>ModelScope (魔搭)</source>
        <translation>ModelScope（魔搭）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stops; what was fetched stays, and Resume goes on from there</source>
        <translation>停止下载；已下载的部分会保留，点击“继续”从中断处接着下载</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Fetches only what is missing</source>
        <translation>只下载缺少的部分</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::EvaluationDialog</name>
    <message>
        <source>Evaluate job %1 against its base model</source>
        <translation>评估任务 %1：与基座模型对比</translation>
    </message>
    <message>
        <source>The base model and the fine-tuned one answer the same questions (greedy); each answer is scored against the expected one (ROUGE-L and BLEU-4 over characters).</source>
        <translation>基座模型与微调后的模型回答相同的问题（贪心解码）；每个回答按字符与期望答案比较打分（ROUGE-L 与 BLEU-4）。</translation>
    </message>
    <message>
        <source>The rows the run held out</source>
        <translation>训练时留出的验证行</translation>
    </message>
    <message>
        <source>A file:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>CSV, Excel or JSONL with the run&apos;s columns</source>
        <translation>与训练数据列相同的 CSV、Excel 或 JSONL 文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Rows to evaluate on</source>
        <translation>用于评估的数据</translation>
    </message>
    <message>
        <source>Datasets (%1)</source>
        <translation>数据集 (%1)</translation>
    </message>
    <message>
        <source>Longest answer:</source>
        <translation>最长回答：</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 个词元</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%v of %m answers</source>
        <translation>已回答 %v / %m</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>期望答案</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>基座模型</translation>
    </message>
    <message>
        <source>Fine-tuned</source>
        <translation>微调后</translation>
    </message>
    <message>
        <source>Base ROUGE-L</source>
        <translation>基座 ROUGE-L</translation>
    </message>
    <message>
        <source>Tuned ROUGE-L</source>
        <translation>微调 ROUGE-L</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Export JSONL…</source>
        <translation>导出 JSONL…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Cancelled; the last evaluation is kept.</source>
        <translation>已取消；保留上一次的评估结果。</translation>
    </message>
    <message>
        <source>Cannot evaluate: %1</source>
        <translation>无法评估：%1</translation>
    </message>
    <message>
        <source>Kept with the run: %1</source>
        <translation>已随训练运行保存：%1</translation>
    </message>
    <message>
        <source>The last evaluation, kept with the run.</source>
        <translation>上一次的评估结果（随训练运行保存）。</translation>
    </message>
    <message>
        <source>The kept evaluation cannot be read (%1); evaluate again.</source>
        <translation>无法读取保存的评估结果（%1）；请重新评估。</translation>
    </message>
    <message>
        <source>Choose the file to evaluate on.</source>
        <translation>请选择用于评估的文件。</translation>
    </message>
    <message>
        <source>Loading the models…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Stopping after the answer being written…</source>
        <translation>写完当前回答后停止…</translation>
    </message>
    <message>
        <source>exact %1 of %2 (%3%), ROUGE-L %4, BLEU-4 %5</source>
        <translation>完全正确 %1 / %2（%3%），ROUGE-L %4，BLEU-4 %5</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; of %2 · &lt;b&gt;Base model&lt;/b&gt;: %3 · &lt;b&gt;Fine-tuned&lt;/b&gt;: %4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;（%2）· &lt;b&gt;基座模型&lt;/b&gt;：%3 · &lt;b&gt;微调后&lt;/b&gt;：%4</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>数据行</translation>
    </message>
    <message>
        <source>Held-out rows</source>
        <translation>留出的验证行</translation>
    </message>
    <message>
        <source>Export the evaluation</source>
        <translation>导出评估结果</translation>
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
        <translation>已写入：%1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::ExamplesModel</name>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>指令</translation>
    </message>
    <message>
        <source>Input (text)</source>
        <translation>输入（text）</translation>
    </message>
    <message>
        <source>Output (result)</source>
        <translation>输出（result）</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::ExportDialog</name>
    <message>
        <source>Export %1</source>
        <translation>导出 %1</translation>
    </message>
    <message>
        <source>Job &lt;b&gt;%1&lt;/b&gt;: %2 on %3.</source>
        <translation>任务 &lt;b&gt;%1&lt;/b&gt;：%2，基座 %3。</translation>
    </message>
    <message>
        <source>Merge the LoRA adapter into the base model (a complete model)</source>
        <translation>将 LoRA 适配器合并进基座模型（得到完整模型）</translation>
    </message>
    <message>
        <source>Unticked: the adapter alone, in PEFT&apos;s layout (loads in Python PEFT on top of the base model).</source>
        <translation>不勾选：只导出适配器，采用 PEFT 格式（可在 Python PEFT 中加载到基座模型上）。</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Write to:</source>
        <translation>写到：</translation>
    </message>
    <message>
        <source>Add it to my base models</source>
        <translation>添加到我的基座模型</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export to a new or empty folder</source>
        <translation>导出到新的或空的文件夹</translation>
    </message>
    <message>
        <source>Cannot export: %1</source>
        <translation>无法导出：%1</translation>
    </message>
    <message>
        <source>Choose the folder to write (a full path).</source>
        <translation>请选择要写入的文件夹（完整路径）。</translation>
    </message>
    <message>
        <source>Merging and writing the model…</source>
        <translation>正在合并并写出模型…</translation>
    </message>
    <message>
        <source>Copying…</source>
        <translation>正在复制…</translation>
    </message>
    <message>
        <source>Hugging Face folder (safetensors)</source>
        <translation>Hugging Face 文件夹（safetensors）</translation>
    </message>
    <message>
        <source>GGUF file for llama.cpp and Ollama</source>
        <translation>GGUF 文件（llama.cpp 与 Ollama）</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>F16 (half the size of F32, no loss to speak of)</source>
        <translation>F16（F32 的一半大小，几乎无损）</translation>
    </message>
    <message>
        <source>Q8_0 (8-bit, a quarter of F32)</source>
        <translation>Q8_0（8 位，F32 的四分之一）</translation>
    </message>
    <message>
        <source>Q4_K_M (4-bit, about a seventh of F32; Ollama&apos;s usual choice)</source>
        <translation>Q4_K_M（4 位，约为 F32 的七分之一；Ollama 的常用类型）</translation>
    </message>
    <message>
        <source>Q4_0 (4-bit, the simplest)</source>
        <translation>Q4_0（4 位，最简单）</translation>
    </message>
    <message>
        <source>BF16</source>
        <translation>BF16</translation>
    </message>
    <message>
        <source>F32 (exact)</source>
        <translation>F32（精确）</translation>
    </message>
    <message>
        <source>The weight matrices&apos; type in the GGUF file; norms and biases stay F32.</source>
        <translation>GGUF 文件中权重矩阵的类型；归一化层与偏置保持 F32。</translation>
    </message>
    <message>
        <source>GGUF type:</source>
        <translation>GGUF 类型：</translation>
    </message>
    <message>
        <source>A P-Tuning v2 prefix has no place in a GGUF file: llama.cpp has no prefix tuning.</source>
        <translation>P-Tuning v2 前缀无法写入 GGUF 文件：llama.cpp 不支持前缀微调。</translation>
    </message>
    <message>
        <source>Merging, then writing the GGUF file…</source>
        <translation>正在合并，然后写出 GGUF 文件…</translation>
    </message>
    <message>
        <source>Writing the GGUF file…</source>
        <translation>正在写出 GGUF 文件…</translation>
    </message>
    <message>
        <source>Also write an Ollama Modelfile</source>
        <translation>同时写出 Ollama 的 Modelfile</translation>
    </message>
    <message>
        <source>The chat template, the model type&apos;s system instruction and the stop tokens, so that &quot;ollama create NAME -f Modelfile&quot; is the only step left.</source>
        <translation>包含对话模板、模型类型的系统指令和停止词，之后只需运行 “ollama create 名称 -f Modelfile”。</translation>
    </message>
    <message>
        <source>Writing the base model and the adapter as GGUF…</source>
        <translation>正在把基座模型和适配器写成 GGUF…</translation>
    </message>
    <message>
        <source>The adapter alone (its base model&apos;s GGUF is converted already)</source>
        <translation>仅导出适配器（其基座模型已转换为 GGUF）</translation>
    </message>
    <message>
        <source>Writes only the small adapter file; name the base model&apos;s GGUF file to have it checked against the adapter and used in the commands and the Modelfile.</source>
        <translation>只写出很小的适配器文件；填写基座模型的 GGUF 文件，可核对它与适配器是否匹配，并用于运行命令和 Modelfile。</translation>
    </message>
    <message>
        <source>the base model&apos;s .gguf file (optional; needed for Ollama)</source>
        <translation>基座模型的 .gguf 文件（可选；Ollama 需要）</translation>
    </message>
    <message>
        <source>The base model&apos;s GGUF file</source>
        <translation>基座模型的 GGUF 文件</translation>
    </message>
    <message>
        <source>GGUF files (*.gguf)</source>
        <translation>GGUF 文件 (*.gguf)</translation>
    </message>
    <message>
        <source>Base GGUF:</source>
        <translation>基座 GGUF：</translation>
    </message>
    <message>
        <source>Writing the adapter as GGUF…</source>
        <translation>正在写出 GGUF 适配器…</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::LengthsDialog</name>
    <message>
        <source>tokens</source>
        <translation>词元数</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>%1 (limit %2)</source>
        <translation>%1（上限 %2）</translation>
    </message>
    <message>
        <source>%1 (no limit)</source>
        <translation>%1（无上限）</translation>
    </message>
    <message>
        <source>min %1 · median %2 · p95 %3 · max %4 tokens</source>
        <translation>最小 %1 · 中位数 %2 · p95 %3 · 最大 %4 个词元</translation>
    </message>
    <message>
        <source>Token lengths of %1</source>
        <translation>%1 的词元长度</translation>
    </message>
    <message numerus="yes">
        <source>All %n row(s) fit the limits, counted with the base model&apos;s tokenizer and chat template, the system instruction included.</source>
        <translation>
            <numerusform>全部 %n 行都在长度上限内（使用基座模型的分词器和对话模板计数，含系统指令）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) are over the limits and will be left out (overlength: drop).</source>
        <translation>
            <numerusform>%n 行超出长度上限，训练时将被跳过（overlength: drop）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) are over the limits and will be truncated; %1 prompt and %2 answer tokens are lost.</source>
        <translation>
            <numerusform>%n 行超出长度上限，将被截断；共丢失 %1 个问题词元和 %2 个答案词元。</numerusform>
        </translation>
    </message>
    <message>
        <source>Prompt tokens</source>
        <translation>问题词元数</translation>
    </message>
    <message>
        <source>Answer tokens</source>
        <translation>答案词元数</translation>
    </message>
    <message>
        <source>Tokens per row</source>
        <translation>每行词元数</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Prompt tokens cut</source>
        <translation>截掉的问题词元</translation>
    </message>
    <message>
        <source>Answer tokens cut</source>
        <translation>截掉的答案词元</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::LoginDialog</name>
    <message>
        <source>TuneDesk — first start</source>
        <translation>TuneDesk — 首次启动</translation>
    </message>
    <message>
        <source>TuneDesk — sign in</source>
        <translation>TuneDesk — 登录</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Welcome to TuneDesk&lt;/h3&gt;No account exists yet. Create the administrator account: it signs in now and can add other users later.</source>
        <translation>&lt;h3&gt;欢迎使用 TuneDesk&lt;/h3&gt;目前还没有任何账户。请创建管理员账户：创建后立即登录，之后可以添加其他用户。</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Sign in to TuneDesk&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;登录 TuneDesk&lt;/h3&gt;</translation>
    </message>
    <message>
        <source>e.g. admin</source>
        <translation>例如 admin</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message numerus="yes">
        <source>at least %n characters</source>
        <translation>
            <numerusform>至少 %n 个字符</numerusform>
        </translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>确认密码：</translation>
    </message>
    <message>
        <source>Create and sign in</source>
        <translation>创建并登录</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Enter a user name.</source>
        <translation>请输入用户名。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message numerus="yes">
        <source>Too many failed attempts: try again in %n seconds.</source>
        <translation>
            <numerusform>失败次数过多：请在 %n 秒后重试。</numerusform>
        </translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
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
        <translation>数据</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>校验</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open dataset…</source>
        <translation>打开数据集(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About TuneDesk</source>
        <translation>关于 TuneDesk(&amp;A)</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2) · data in %3</source>
        <translation>已登录：%1（%2）· 数据目录 %3</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>user</source>
        <translation>普通用户</translation>
    </message>
    <message>
        <source>About TuneDesk</source>
        <translation>关于 TuneDesk</translation>
    </message>
    <message>
        <source>&lt;h3&gt;TuneDesk %1&lt;/h3&gt;&lt;p&gt;Instruction fine-tuning of large language models on your own computer: LoRA, P-Tuning v2 and full fine-tuning.&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;TuneDesk %1&lt;/h3&gt;&lt;p&gt;在你自己的电脑上对大语言模型进行指令微调：LoRA、P-Tuning v2 和全参数微调。&lt;/p&gt;&lt;p&gt;%2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>browser UI at %1</source>
        <translation>浏览器界面：%1</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::RunsCompareDialog</name>
    <message>
        <source>Runs compared</source>
        <translation>运行对比</translation>
    </message>
    <message>
        <source>Loss by step (evaluation loss dashed)</source>
        <translation>各步损失（虚线为验证损失）</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>%1 loss</source>
        <translation>%1 损失</translation>
    </message>
    <message>
        <source>%1 evaluation</source>
        <translation>%1 验证</translation>
    </message>
    <message>
        <source>The runs&apos; settings are the same.</source>
        <translation>这些运行的设置相同。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Settings that differ&lt;/b&gt;</source>
        <translation>&lt;b&gt;不同的设置&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::SettingField</name>
    <message>
        <source>%1:</source>
        <translation>%1：</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Language (after a restart):</source>
        <translation>界面语言（重启后生效）：</translation>
    </message>
    <message>
        <source>Automatic (GPU when there is one)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU (CUDA)</source>
        <translation>GPU（CUDA）</translation>
    </message>
    <message>
        <source>Device for training and chat:</source>
        <translation>训练和对话使用的设备：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Data directory</source>
        <translation>数据目录</translation>
    </message>
    <message>
        <source>Data directory (after a restart):</source>
        <translation>数据目录（重启后生效）：</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>Built-in server:</source>
        <translation>内置服务器：</translation>
    </message>
    <message>
        <source>Not running.</source>
        <translation>未运行。</translation>
    </message>
    <message>
        <source>Port %1 is not free; choose another.</source>
        <translation>端口 %1 已被占用，请换一个。</translation>
    </message>
    <message>
        <source>Create an API key</source>
        <translation>创建 API 密钥</translation>
    </message>
    <message>
        <source>shown once, when it is made</source>
        <translation>仅在创建时显示一次</translation>
    </message>
    <message>
        <source>API key:</source>
        <translation>API 密钥：</translation>
    </message>
    <message>
        <source>Send it as &lt;code&gt;Authorization: Bearer KEY&lt;/code&gt;; copy it now, it is not shown again.</source>
        <translation>请以 &lt;code&gt;Authorization: Bearer KEY&lt;/code&gt; 的形式发送；请立即复制，之后不会再显示。</translation>
    </message>
    <message>
        <source>Serve the browser UI and API</source>
        <translation>提供浏览器界面和 API</translation>
    </message>
    <message>
        <source>This computer only (127.0.0.1)</source>
        <translation>仅本机（127.0.0.1）</translation>
    </message>
    <message>
        <source>Other machines too (every address of this computer)</source>
        <translation>也允许其他机器（本机的所有地址）</translation>
    </message>
    <message>
        <source>Reachable from:</source>
        <translation>可访问范围：</translation>
    </message>
    <message>
        <source>Off (plain HTTP)</source>
        <translation>关闭（明文 HTTP）</translation>
    </message>
    <message>
        <source>Self-signed certificate (made once, kept in the data folder)</source>
        <translation>自签名证书（生成一次，保存在数据目录中）</translation>
    </message>
    <message>
        <source>Certificate files (PEM)</source>
        <translation>证书文件（PEM）</translation>
    </message>
    <message>
        <source>HTTPS:</source>
        <translation>HTTPS：</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <source>Private key</source>
        <translation>私钥</translation>
    </message>
    <message>
        <source>Certificate:</source>
        <translation>证书：</translation>
    </message>
    <message>
        <source>Private key:</source>
        <translation>私钥：</translation>
    </message>
    <message>
        <source>Other machines will reach TuneDesk over plain HTTP: passwords, sessions and API keys cross the network unencrypted. Choose HTTPS unless the network is yours alone.</source>
        <translation>其他机器将通过明文 HTTP 访问 TuneDesk：密码、会话和 API 密钥会以未加密的形式在网络上传输。除非网络完全归你所有，否则请选择 HTTPS。</translation>
    </message>
    <message>
        <source>Running at %1</source>
        <translation>运行于 %1</translation>
    </message>
    <message>
        <source>Certificate fingerprint (SHA-256), to compare with what the browser shows:</source>
        <translation>证书指纹（SHA-256），请与浏览器显示的指纹核对：</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::TrainingCharts</name>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>evaluation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::TrainingForm</name>
    <message>
        <source>What to train</source>
        <translation>训练内容</translation>
    </message>
    <message>
        <source>Dataset:</source>
        <translation>数据集：</translation>
    </message>
    <message>
        <source>Base model:</source>
        <translation>基座模型：</translation>
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
            <numerusform>GPU（CUDA，%n 块）</numerusform>
        </translation>
    </message>
    <message>
        <source>GPU (none found)</source>
        <translation>GPU（未找到）</translation>
    </message>
    <message>
        <source>Hyper-parameters</source>
        <translation>超参数</translation>
    </message>
    <message>
        <source>%1 (upload)</source>
        <translation>%1（上传文件）</translation>
    </message>
    <message>
        <source>%1 (bundled)</source>
        <translation>%1（内置）</translation>
    </message>
    <message>
        <source>%1 · %2 parameters · template %3
%4</source>
        <translation>%1 · %2 参数 · 模板 %3
%4</translation>
    </message>
    <message>
        <source>Filled in the defaults for %1.</source>
        <translation>已填入 %1 的默认参数。</translation>
    </message>
    <message>
        <source>Load a training config</source>
        <translation>加载训练配置</translation>
    </message>
    <message>
        <source>YAML configs (*.yaml *.yml)</source>
        <translation>YAML 配置 (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Loaded %1.</source>
        <translation>已加载 %1。</translation>
    </message>
    <message>
        <source>Cannot load %1: %2</source>
        <translation>无法加载 %1：%2</translation>
    </message>
    <message>
        <source>Save the training config</source>
        <translation>保存训练配置</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>Saved %1 (run it with: tunedesk-cli train %1).</source>
        <translation>已保存 %1（命令行运行：tunedesk-cli train %1）。</translation>
    </message>
    <message>
        <source>Train on this many GPUs at once (data parallel): each takes its share of every batch, so the global batch is batch size × accumulation × GPUs.</source>
        <translation>同时在这么多块 GPU 上训练（数据并行）：每块 GPU 处理每个批次中的一份，因此全局批量 = 批大小 × 梯度累积 × GPU 数。</translation>
    </message>
    <message>
        <source>GPUs:</source>
        <translation>GPU 数：</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Add a model folder in Hugging Face layout: config.json, *.safetensors and tokenizer.json</source>
        <translation>添加 Hugging Face 格式的模型文件夹：config.json、*.safetensors 和 tokenizer.json</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Take the selected model off your list (its folder stays as it is)</source>
        <translation>将所选模型从列表中移除（文件夹保持不变）</translation>
    </message>
    <message>
        <source>Add a base model folder</source>
        <translation>添加基础模型文件夹</translation>
    </message>
    <message>
        <source>Added %1: %2, %3 parameters.</source>
        <translation>已添加 %1：%2，%3 个参数。</translation>
    </message>
    <message>
        <source>Cannot add %1: %2</source>
        <translation>无法添加 %1：%2</translation>
    </message>
    <message>
        <source>%1 is off your list; its folder is untouched.</source>
        <translation>%1 已从列表中移除；其文件夹未改动。</translation>
    </message>
    <message>
        <source>Download…</source>
        <translation>下载…</translation>
    </message>
    <message>
        <source>Download a model from Hugging Face or ModelScope, or add one already in their caches</source>
        <translation>从 Hugging Face 或 ModelScope 下载模型，或添加其缓存中已有的模型</translation>
    </message>
    <message>
        <source>Counting the rows in tokens…</source>
        <translation>正在按词元统计各行长度…</translation>
    </message>
    <message>
        <source>Lengths not counted: %1</source>
        <translation>未能统计长度：%1</translation>
    </message>
    <message numerus="yes">
        <source>All %n row(s) fit the length limits (the longest is %1 tokens).</source>
        <translation>
            <numerusform>全部 %n 行都在长度限制之内（最长 %1 个词元）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) over the length limits will be left out</source>
        <translation>
            <numerusform>%n 行超出长度限制，将不参与训练</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) will be truncated</source>
        <translation>
            <numerusform>%n 行将被截断</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2 prompt and %3 answer tokens past the limits): lines %4</source>
        <translation>%1（超出限制的问题词元共 %2 个、答案词元共 %3 个）：第 %4 行</translation>
    </message>
    <message>
        <source>Downloading %1 in the background (under the jobs); it joins your base models when whole.</source>
        <translation>正在后台下载 %1（显示在任务下方）；下载完整后会加入你的基座模型。</translation>
    </message>
    <message>
        <source>Downloaded %1: on your base models as %2.</source>
        <translation>%1 下载完成：已作为基座模型“%2”加入列表。</translation>
    </message>
    <message>
        <source>Lengths…</source>
        <translation>长度…</translation>
    </message>
    <message>
        <source>Histograms of the rows&apos; prompt, answer and total tokens, and the rows over the limits</source>
        <translation>各行问题、答案与总词元数的直方图，以及超出上限的行</translation>
    </message>
    <message>
        <source>Use these settings</source>
        <translation>使用这些设置</translation>
    </message>
    <message>
        <source>Change the form to the settings the estimate says would fit</source>
        <translation>把表单改为估算认为能放下的设置</translation>
    </message>
    <message>
        <source>Start anyway</source>
        <translation>仍然开始</translation>
    </message>
    <message>
        <source>Start the run even though the estimate is over the memory available (it may fail for lack of memory)</source>
        <translation>即使估算超过可用内存也开始训练（可能因内存不足而失败）</translation>
    </message>
    <message>
        <source>Memory not estimated: %1</source>
        <translation>未能估算内存：%1</translation>
    </message>
    <message>
        <source>Estimated peak: weights %1, optimizer state %2, activations and gradients %3, logits %4, runtime %5</source>
        <translation>估算峰值：权重 %1，优化器状态 %2，激活与梯度 %3，logits %4，运行时 %5</translation>
    </message>
    <message>
        <source>Memory: about %1 (what the device has free is unknown).</source>
        <translation>内存：约 %1（设备可用内存未知）。</translation>
    </message>
    <message>
        <source>your limit</source>
        <translation>您设定的上限</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>RAM</source>
        <translation>系统内存</translation>
    </message>
    <message>
        <source>Memory: about %1 of %2 available (%3).</source>
        <translation>内存：约 %1，可用 %2（%3）。</translation>
    </message>
    <message>
        <source>Memory: about %1, more than the %2 available (%3).</source>
        <translation>内存：约 %1，超过可用的 %2（%3）。</translation>
    </message>
    <message>
        <source>It would fit with %1 (about %2).</source>
        <translation>改用 %1 即可容纳（约 %2）。</translation>
    </message>
    <message>
        <source>Even the smallest settings would not fit: choose a smaller model.</source>
        <translation>即使用最省内存的设置也放不下：请选择更小的模型。</translation>
    </message>
    <message>
        <source>gradient checkpointing</source>
        <translation>梯度检查点</translation>
    </message>
    <message>
        <source>batch size %1 with gradient accumulation %2</source>
        <translation>批大小 %1、梯度累积 %2</translation>
    </message>
    <message>
        <source>LoRA instead of full fine-tuning</source>
        <translation>用 LoRA 代替全参数微调</translation>
    </message>
    <message>
        <source>at most %1 tokens per row</source>
        <translation>每行最多 %1 个词元</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Changed the settings to %1.</source>
        <translation>已将设置改为：%1。</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1：</translation>
    </message>
    <message>
        <source>More settings</source>
        <translation>更多设置</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::TrainingTab</name>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Load YAML…</source>
        <translation>加载 YAML…</translation>
    </message>
    <message>
        <source>Save YAML…</source>
        <translation>保存 YAML…</translation>
    </message>
    <message>
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>&lt;b&gt;Jobs&lt;/b&gt;</source>
        <translation>&lt;b&gt;训练任务&lt;/b&gt;</translation>
    </message>
    <message>
        <source>job id, e.g. j4f9a21c</source>
        <translation>任务 ID，例如 j4f9a21c</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>No job %1 among yours.</source>
        <translation>你的任务中没有 %1。</translation>
    </message>
    <message>
        <source>Job id</source>
        <translation>任务 ID</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>基座模型</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>No job shown.</source>
        <translation>未选择任务。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stops after the current step and keeps a checkpoint to resume from.</source>
        <translation>在当前步结束后停止，并保存检查点以便继续。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Job %1 failed: %2</source>
        <translation>任务 %1 失败：%2</translation>
    </message>
    <message>
        <source>Job %1 %2.</source>
        <translation>任务 %1 %2。</translation>
    </message>
    <message>
        <source>Choose a dataset first (convert one in the Validation tab).</source>
        <translation>请先选择数据集（可在“校验”页转换）。</translation>
    </message>
    <message>
        <source>Choose a base model first.</source>
        <translation>请先选择基座模型。</translation>
    </message>
    <message>
        <source>These settings cannot be used: %1</source>
        <translation>这些设置无法使用：%1</translation>
    </message>
    <message>
        <source>Job %1 queued; it starts when the device is free.</source>
        <translation>任务 %1 已加入队列，设备空闲时开始。</translation>
    </message>
    <message>
        <source>Job %1 is running.</source>
        <translation>任务 %1 正在运行。</translation>
    </message>
    <message>
        <source>Stopping %1 after the current step…</source>
        <translation>正在停止 %1（当前步结束后）…</translation>
    </message>
    <message>
        <source>— resumed —</source>
        <translation>— 已继续 —</translation>
    </message>
    <message>
        <source>Job %1 queued again; it continues from its newest checkpoint.</source>
        <translation>任务 %1 已重新排队，将从最新的检查点继续。</translation>
    </message>
    <message>
        <source>Job %1 cannot be resumed.</source>
        <translation>任务 %1 无法继续。</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · %2 · %3 on %4 · %5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · %2 · %3，数据 %4 · %5</translation>
    </message>
    <message>
        <source>step %1 of %2</source>
        <translation>第 %1 / %2 步</translation>
    </message>
    <message>
        <source>about %1 left</source>
        <translation>剩余约 %1</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>%1 词元/秒</translation>
    </message>
    <message>
        <source>loss %1</source>
        <translation>损失 %1</translation>
    </message>
    <message>
        <source>result in %1</source>
        <translation>结果位于 %1</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Write the result out: the adapter as it is, or merged into the base model as a complete model.</source>
        <translation>导出结果：原样导出适配器，或合并进基座模型得到完整模型。</translation>
    </message>
    <message>
        <source>Wrote the merged model to %1.</source>
        <translation>已将合并后的模型写到 %1。</translation>
    </message>
    <message>
        <source>Wrote the model to %1.</source>
        <translation>已将模型写到 %1。</translation>
    </message>
    <message>
        <source>Wrote the adapter to %1.</source>
        <translation>已将适配器写到 %1。</translation>
    </message>
    <message>
        <source>Wrote %1.</source>
        <translation>已写出 %1。</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>注意：%1</translation>
    </message>
    <message>
        <source>GGUF export</source>
        <translation>GGUF 导出</translation>
    </message>
    <message>
        <source>Wrote the LoRA adapter %1 and its base model %2.</source>
        <translation>已写出 LoRA 适配器 %1 及其基座模型 %2。</translation>
    </message>
    <message>
        <source>Wrote %1 for Ollama.</source>
        <translation>已写出供 Ollama 使用的 %1。</translation>
    </message>
    <message>
        <source>Run it:</source>
        <translation>运行：</translation>
    </message>
    <message>
        <source>Wrote the LoRA adapter %1 alone.</source>
        <translation>已单独写出 LoRA 适配器 %1。</translation>
    </message>
    <message>
        <source>Wrote the LoRA adapter %1 for the base model %2.</source>
        <translation>已写出用于基座模型 %2 的 LoRA 适配器 %1。</translation>
    </message>
    <message>
        <source>Evaluate…</source>
        <translation>评估…</translation>
    </message>
    <message>
        <source>Compare the result with its base model: both answer the held-out rows (or a file), side by side.</source>
        <translation>将结果与基座模型对比：两者回答留出的验证行（或指定文件），并排显示。</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>对比…</translation>
    </message>
    <message>
        <source>Select two or more jobs (Ctrl-click) to overlay their loss curves and list the settings that differ</source>
        <translation>选择两个或更多任务（按住 Ctrl 点击），叠加显示它们的损失曲线，并列出不同的设置</translation>
    </message>
    <message>
        <source>This run would need about %1 of memory, more than the %2 available: use the settings that fit (%3), or tick &quot;Start anyway&quot;.</source>
        <translation>此次训练约需 %1 内存，超过可用的 %2：请使用能放下的设置（%3），或勾选“仍然开始”。</translation>
    </message>
    <message>
        <source>This run would need about %1 of memory, more than the %2 available, even with the smallest settings: choose a smaller model, or tick &quot;Start anyway&quot;.</source>
        <translation>此次训练约需 %1 内存，即使用最省内存的设置也超过可用的 %2：请选择更小的模型，或勾选“仍然开始”。</translation>
    </message>
    <message>
        <source>row %1 of %2</source>
        <translation>第 %1 / %2 行</translation>
    </message>
    <message numerus="yes">
        <source>%n candidate(s)</source>
        <translation>
            <numerusform>%n 条候选</numerusform>
        </translation>
    </message>
    <message>
        <source>review them in the Data tab (Augment…)</source>
        <translation>请在验证页（用模型扩充…）中审阅</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::ValidationTab</name>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Open a file in the Data tab to see its report.</source>
        <translation>在“数据”页打开文件后即可查看校验报告。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Rules&lt;/b&gt;</source>
        <translation>&lt;b&gt;规则&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>&lt;b&gt;Findings&lt;/b&gt; (double-click to see the row)</source>
        <translation>&lt;b&gt;问题列表&lt;/b&gt;（双击查看对应行）</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Convert to training data (JSONL: instruction / input / output)</source>
        <translation>转换为训练数据（JSONL：instruction / input / output）</translation>
    </message>
    <message>
        <source>Model type:</source>
        <translation>模型类型：</translation>
    </message>
    <message>
        <source>Validation share:</source>
        <translation>验证集比例：</translation>
    </message>
    <message>
        <source>Trim white space</source>
        <translation>去除首尾空白</translation>
    </message>
    <message>
        <source>Drop exact duplicates</source>
        <translation>删除完全重复的行</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>另存为：</translation>
    </message>
    <message>
        <source>Convert</source>
        <translation>转换</translation>
    </message>
    <message>
        <source>✘ %1 could not be read</source>
        <translation>✘ 无法读取 %1</translation>
    </message>
    <message>
        <source>✔ %1 passed: %2 of %3 rows can be trained on (%4%)</source>
        <translation>✔ %1 校验通过：%3 行中有 %2 行可用于训练（%4%）</translation>
    </message>
    <message>
        <source>✘ %1 has errors: %2 of %3 rows can be trained on (%4%)</source>
        <translation>✘ %1 存在错误：%3 行中有 %2 行可用于训练（%4%）</translation>
    </message>
    <message>
        <source>Format %1 · encoding %2%3 · delimiter %4 · line endings %5 · columns: %6 · %7 error(s), %8 warning(s)</source>
        <translation>格式 %1 · 编码 %2%3 · 分隔符 %4 · 换行符 %5 · 列：%6 · %7 个错误，%8 个警告</translation>
    </message>
    <message>
        <source> (detected)</source>
        <translation>（自动检测）</translation>
    </message>
    <message>
        <source> (chosen)</source>
        <translation>（手动选择）</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Question (text)</source>
        <translation>问题（text）</translation>
    </message>
    <message>
        <source>Answer (result)</source>
        <translation>答案（result）</translation>
    </message>
    <message>
        <source>Length in characters</source>
        <translation>长度（字符）</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>min</source>
        <translation>最小</translation>
    </message>
    <message>
        <source>median</source>
        <translation>中位数</translation>
    </message>
    <message>
        <source>p95</source>
        <translation>p95</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>Question, characters</source>
        <translation>问题（字符）</translation>
    </message>
    <message>
        <source>Answer, characters</source>
        <translation>答案（字符）</translation>
    </message>
    <message>
        <source>Converting…</source>
        <translation>正在转换…</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n training row(s) to %1</source>
        <translation>
            <numerusform>已写入 %n 行训练数据到 %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n validation row(s) to %1</source>
        <translation>
            <numerusform>%n 行验证数据到 %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) with errors left out</source>
        <translation>
            <numerusform>%n 行因错误被排除</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate(s) dropped</source>
        <translation>
            <numerusform>删除了 %n 个重复行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) trimmed</source>
        <translation>
            <numerusform>%n 行去除了空白</numerusform>
        </translation>
    </message>
    <message>
        <source>Conversion failed: %1</source>
        <translation>转换失败：%1</translation>
    </message>
    <message>
        <source>Excel workbook · sheet &quot;%1&quot; (%2 in the workbook) · columns: %3 · %4 error(s), %5 warning(s)</source>
        <translation>Excel 工作簿 · 工作表“%1”（工作簿共 %2 个） · 列：%3 · %4 个错误，%5 个警告</translation>
    </message>
    <message>
        <source>Clean into a new version…</source>
        <translation>清洗为新版本…</translation>
    </message>
    <message>
        <source>Fix characters, the Chinese script, duplicates and personal data into a new version, previewed first; this file stays as it is</source>
        <translation>修正字符、简繁、重复行和个人信息，生成新版本（先预览）；此文件保持不变</translation>
    </message>
    <message>
        <source>Augment with a model…</source>
        <translation>用模型扩充…</translation>
    </message>
    <message>
        <source>A model writes paraphrases or new question/answer pairs; you review them before they go into a new version; this file stays as it is</source>
        <translation>由模型改写问题或生成新的问答对，经你审阅后写入新版本；此文件保持不变</translation>
    </message>
    <message>
        <source>Changes from the source…</source>
        <translation>与来源相比的改动…</translation>
    </message>
    <message>
        <source>This file was made from another (converted, cleaned or augmented): what changed, row by row</source>
        <translation>此文件由另一个文件生成（转换、清洗或扩充）：逐行查看改动</translation>
    </message>
</context>
<context>
    <name>tunedesk::ui::VersionDiffDialog</name>
    <message>
        <source>cleaned</source>
        <translation>清洗</translation>
    </message>
    <message>
        <source>augmented</source>
        <translation>扩充</translation>
    </message>
    <message>
        <source>converted</source>
        <translation>转换</translation>
    </message>
    <message>
        <source>%1: changes from %2 (%3)</source>
        <translation>%1：相对 %2 的改动（%3）</translation>
    </message>
    <message>
        <source>Comparing the rows…</source>
        <translation>正在逐行比较…</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>改动</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Open the source (undo)</source>
        <translation>打开来源文件（撤销）</translation>
    </message>
    <message>
        <source>%1 stays as it is; training on %2 again is the undo</source>
        <translation>%1 保持不变；重新用 %2 训练即为撤销</translation>
    </message>
    <message>
        <source>The versions cannot be compared: %1</source>
        <translation>无法比较这两个版本：%1</translation>
    </message>
    <message>
        <source>%1 rows before, %2 after: %3 the same, %4 changed, %5 left out, %6 added.</source>
        <translation>之前 %1 行，之后 %2 行：相同 %3 行，修改 %4 行，删除 %5 行，新增 %6 行。</translation>
    </message>
    <message>
        <source>The first %1 are listed.</source>
        <translation>列出前 %1 条。</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>left out</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>generated</source>
        <translation>模型生成</translation>
    </message>
</context>
</TS>
