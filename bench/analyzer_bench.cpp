// The analyzer on a realistic mixed corpus with the full lexicon and real Hunspell, on one
// core. Reports consultant messages per second (items_per_second) for the pre-send text checks
// and for the whole per-message path of a live conversation.
#include "analysis/hunspell_speller.hpp"
#include "analysis/script_variants.hpp"
#include "core/analysis/analyzer.hpp"
#include "core/analysis/lexicon_loader.hpp"

#include <benchmark/benchmark.h>

using namespace lingting;

namespace {

// What consultants write: mostly clean, some colloquial, a few typos, drug names, fillers.
const std::vector<std::string>& corpus() {
    static const std::vector<std::string> c = {
        "您好，请问有什么可以帮您？",
        "包皮过长是否需要手术要看具体情况，建议您来院让医生检查一下再决定。",
        "不好意思，让您久等了。",
        "白带发黄伴有异味多见于阴道炎症，需要做白带常规检查才能确定。",
        "种植牙的费用和所选种植体品牌有关，国产的大约四千元起，进口的八千元左右。",
        "嗯",
        "好的，已为您预约明天上午十点的专家号，到院报您的名字就可以。",
        "tadalafil作用时间较长，sildenafil起效较快，具体用药请遵医嘱。",
        "备孕一年未孕建议夫妻双方都做检查，女方查激素六项和输卵管，男方查精液常规。",
        "您可以先来做个检察，再预越专家。",
        "请问您还有什么疑问吗？",
        "我们周日正常上班，时间是上午八点到下午五点。",
        "慢性前列腺炎经过规范治疗，大多数患者症状可以明显改善。",
        "HPV 和 TCT 检查建议每年做一次。",
        "麻烦您留一下联系方式，医生稍后给您回电话。",
        "祝您身体健康，再见。",
    };
    return c;
}

struct fixture {
    std::shared_ptr<const lexicon> lex;
    std::unique_ptr<hunspell_speller> spell;
    fixture() {
        script_variants variants;
        auto r = load_lexicon(std::string(LINGTING_SOURCE_DIR) + "/lexicon", std::ref(variants));
        if (!r.lex) throw std::runtime_error(r.errors.front().to_string());
        lex = r.lex;
        spell = make_default_speller(std::string(LINGTING_SOURCE_DIR) + "/lexicon");
    }
};

fixture& fx() {
    static fixture f;
    return f;
}

void text_checks(benchmark::State& state) {
    auto& f = fx();
    std::size_t i = 0, findings = 0;
    for (auto _ : state) {
        auto r = check_consultant_text(corpus()[i++ % corpus().size()], "男科", *f.lex, f.spell.get());
        findings += r.size();
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["findings_per_msg"] = static_cast<double>(findings) / static_cast<double>(state.iterations());
}
BENCHMARK(text_checks);

// A live conversation's whole per-message work: timing rules, text checks, intent, repetition.
void conversation_messages(benchmark::State& state) {
    auto& f = fx();
    conversation_analyzer a("男科");
    time_point t{};
    std::uint64_t seq = 0;
    std::size_t i = 0;
    for (auto _ : state) {
        t += milliseconds{5000};
        message m{++seq, sender::consultant, "li", corpus()[i++ % corpus().size()], t, {}};
        if (seq % 2) m.from = sender::visitor;
        auto r = a.on_message(m, *f.lex, f.spell.get());
        benchmark::DoNotOptimize(r);
        if (seq % 64 == 0) a = conversation_analyzer("男科");  // a conversation is not endless
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(conversation_messages);

}  // namespace

BENCHMARK_MAIN();
