// The analyzer on a realistic mixed corpus with the full lexicon and real Hunspell, on one
// core. Reports consultant messages per second (items_per_second) for the pre-send text checks
// and for the whole per-message path of a live conversation.
#include "analysis/hunspell_speller.hpp"
#include "analysis/script_variants.hpp"
#include "analyzer_mix.hpp"
#include "core/analysis/analyzer.hpp"
#include "core/analysis/lexicon_loader.hpp"
#include "repo_lexicon.hpp"

#include <benchmark/benchmark.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace lingting;

namespace {

const std::vector<std::string>& corpus() { return bench::consultant_mix(); }

struct fixture {
    std::shared_ptr<const lexicon> lex;
    std::unique_ptr<hunspell_speller> spell;
    fixture() : lex(bench::repo_lexicon()), spell(make_default_speller(bench::repo_lexicon_dir())) {}
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

// The rude-reply n-gram model (issue 12), beside text_checks in the same run: the inline check
// with the model after it (what the relay would pay if the model ran inline), and the model alone
// (what the IME check's worker adds per message, where it runs). Switched on here whatever
// rules.conf says.
const lexicon& with_model() {
    static const lexicon lex = [] {
        lexicon l = *fx().lex;
        l.rules.reply_model_enabled = true;
        return l;
    }();
    return lex;
}

void text_checks_with_model(benchmark::State& state) {
    auto& f = fx();
    const auto& lex = with_model();
    std::size_t i = 0, found = 0;
    for (auto _ : state) {
        const auto& text = corpus()[i++ % corpus().size()];
        auto r = check_consultant_text(text, "男科", lex, f.spell.get());
        auto m = rude_model_findings(text, lex, r);
        found += m.size();
        benchmark::DoNotOptimize(r);
        benchmark::DoNotOptimize(m);
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["model_findings_per_msg"] = static_cast<double>(found) / static_cast<double>(state.iterations());
}
BENCHMARK(text_checks_with_model);

void rude_model_alone(benchmark::State& state) {
    const auto& lex = with_model();
    static const std::vector<finding> none;
    std::size_t i = 0;
    for (auto _ : state) {
        auto m = rude_model_findings(corpus()[i++ % corpus().size()], lex, none);
        benchmark::DoNotOptimize(m);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(rude_model_alone);

// A whole lexicon load (what every start and POST /api/lexicon/reload pays) with the model switched
// off and on in rules.conf (a copy of lexicon/ each), and parsing reply_model.tsv alone: what every
// load paid when the loader read the file even with the model off (before session 10).
std::string lexicon_copy(bool model_on) {
    namespace fs = std::filesystem;
    auto dir = fs::temp_directory_path() / (std::string("lingting_bench_lexicon_") + (model_on ? "on" : "off"));
    fs::remove_all(dir);
    fs::copy(std::string(LINGTING_SOURCE_DIR) + "/lexicon", dir, fs::copy_options::recursive);
    std::ifstream in(dir / "rules.conf");
    std::stringstream conf;
    conf << in.rdbuf();
    in.close();
    std::string text = conf.str();
    for (const char* v : {"reply_model_enabled = true", "reply_model_enabled = false"})
        if (auto at = text.find(v); at != std::string::npos)
            text.replace(at, std::strlen(v), model_on ? "reply_model_enabled = true" : "reply_model_enabled = false");
    std::ofstream(dir / "rules.conf") << text;
    return dir.string();
}

void lexicon_load(benchmark::State& state) {
    const auto dir = lexicon_copy(state.range(0) != 0);
    script_variants variants;
    for (auto _ : state) {
        auto r = load_lexicon(dir, std::ref(variants));
        if (!r.lex) state.SkipWithError("lexicon did not load");
        benchmark::DoNotOptimize(r);
    }
    std::filesystem::remove_all(dir);
}
BENCHMARK(lexicon_load)->ArgName("model_on")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(5);

void reply_model_file_parse(benchmark::State& state) {
    std::ifstream in(std::string(LINGTING_SOURCE_DIR) + "/lexicon/reply_model.tsv", std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string text = buf.str();
    for (auto _ : state) {
        lexicon lex;
        std::vector<lexicon_error> errors;
        parse_lexicon_file("reply_model.tsv", text, lex, errors);
        auto e = lex.rude_model.finish();
        benchmark::DoNotOptimize(e);
    }
}
BENCHMARK(reply_model_file_parse)->Unit(benchmark::kMillisecond)->Iterations(5);

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
