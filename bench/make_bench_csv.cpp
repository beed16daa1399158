// Writes the benchmark CSV: N rows of realistic question/answer pairs (mixed
// Chinese and ASCII, some quoted fields with commas, quotes and line breaks),
// deterministic for a given seed.
//   tunedesk_make_bench_csv OUT.csv [ROWS=1000000] [SEED=1]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

uint64_t next(uint64_t& s) {  // splitmix64
  uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

const char* const kSubjects[] = {"北京", "上海", "长江", "光合作用", "高血压", "劳动合同", "人工智能", "水的沸点",
                                 "the moon", "Python", "GLM-4", "糖尿病", "诉讼时效", "熊猫", "长城", "太阳系"};
const char* const kQuestions[] = {"请介绍一下", "什么是", "如何理解", "简单说明", "Explain ", "关于"};
const char* const kAnswers[] = {"这是一个常见的问题，答案需要结合具体情况来看。",
                                "简单来说，它指的是一种广泛存在的现象，具有重要意义。",
                                "It is a well-known topic; the short answer fits in one sentence.",
                                "根据公开资料，相关内容可以概括为以下几点：第一，背景；第二，原因；第三，影响。"};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUT.csv [ROWS] [SEED]\n", argv[0]);
    return 2;
  }
  const long rows = argc > 2 ? std::atol(argv[2]) : 1000000;
  uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;
  std::FILE* out = std::fopen(argv[1], "wb");
  if (!out) {
    std::perror(argv[1]);
    return 2;
  }
  std::string line = "text,result\n";
  std::fwrite(line.data(), 1, line.size(), out);
  for (long i = 0; i < rows; ++i) {
    const uint64_t r = next(seed);
    const char* subject = kSubjects[r % 16];
    const char* question = kQuestions[(r >> 8) % 6];
    const char* answer = kAnswers[(r >> 16) % 4];
    line.clear();
    line += question;
    line += subject;
    line += "（第" + std::to_string(i) + "题）";
    line += ',';
    switch ((r >> 24) % 8) {
      case 0:  // quoted, with a comma and doubled quotes
        line += "\"答案是\"\"";
        line += subject;
        line += "\"\", ";
        line += answer;
        line += '"';
        break;
      case 1:  // quoted, with a line break
        line += "\"";
        line += answer;
        line += "\n第二段：";
        line += subject;
        line += '"';
        break;
      default:
        line += answer;
    }
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), out);
  }
  return std::fclose(out) == 0 ? 0 : 2;
}
