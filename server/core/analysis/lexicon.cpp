#include "core/analysis/lexicon.hpp"

#include "core/text_normalize.hpp"

#include <algorithm>

namespace lingting {

std::vector<std::string> lexicon::compile(const std::function<std::vector<std::string>(const std::string&)>& variants) {
    automaton = aho_corasick{};
    refs.clear();
    patterns.clear();
    std::vector<std::string> errors;
    auto forms_of = [&](const std::string& phrase, bool traditional = true) {
        std::vector<std::string> forms{phrase};
        if (variants && traditional)
            for (auto& v : variants(phrase))
                if (std::find(forms.begin(), forms.end(), v) == forms.end()) forms.push_back(v);
        return forms;
    };
    // Typos are the simplified pinyin IME's confusions: a traditional-script writer types with
    // another input method, and the traditional form of a listed "wrong" side is often the region's
    // own spelling (綜合症 is Hong Kong's usual word, 多囊卵巢綜合症 no typo). The IME check skips
    // traditional script for the same reason.
    auto add = [&](const std::string& phrase, pattern_kind kind, std::size_t index) {
        std::set<std::string> seen;
        std::set<std::pair<std::string, std::int32_t>> anchored;  // each anchor once per pattern
        std::int32_t first_form = -1;  // the pattern the entry's other spellings merge into
        for (auto& form : forms_of(phrase, kind != pattern_kind::typo)) {
            if (phrase_pattern::is_pattern(form)) {
                std::string err;
                auto p = phrase_pattern::parse(form, err);
                if (!p) {
                    errors.push_back("'" + form + "': " + err);
                    continue;
                }
                auto id = static_cast<std::int32_t>(patterns.size());
                // A traditional spelling of the same shape is verified as one pattern with the
                // first: an anchor shared by the spellings (不好意思) is checked once, not per form.
                if (first_form >= 0 && patterns[static_cast<std::size_t>(first_form)].absorb(*p)) {
                    id = first_form;
                } else {
                    if (first_form < 0) first_form = id;
                    patterns.push_back(std::move(*p));
                }
                for (auto& a : patterns[static_cast<std::size_t>(id)].anchors())
                    if (anchored.insert({a, id}).second) {
                        automaton.add(a);
                        refs.push_back({kind, static_cast<std::uint32_t>(index), id, false});
                    }
                continue;
            }
            std::string c = normalize_compact(form);
            if (c.empty() || !seen.insert(c).second) continue;
            automaton.add(c);
            bool short_word = kind == pattern_kind::typo || (kind == pattern_kind::forbidden && utf8_length(c) <= 2 &&
                                                             static_cast<unsigned char>(c[0]) >= 0x80);
            refs.push_back({kind, static_cast<std::uint32_t>(index), -1, short_word});
        }
    };
    // A pattern's spellings appended to `list`, those of the first's shape merged into it.
    auto add_spellings = [&](const std::string& src, std::vector<phrase_pattern>& list, bool traditional = true) {
        std::size_t first = list.size();
        for (auto& form : forms_of(src, traditional)) {
            std::string err;
            auto p = phrase_pattern::parse(form, err);
            if (!p) errors.push_back("'" + form + "': " + err);
            else if (list.size() == first || !list[first].absorb(*p)) list.push_back(std::move(*p));
        }
    };
    // `_` stands for the entry itself: 尼玛 unless _(女士|先生) -> (尼玛)(女士|先生). The entry's own
    // back-references are renumbered past the groups opened before it, its wrapper included:
    // 你连(.)都没\1 unless 不是_ -> 不是(你连(.)都没\2). `@NAME` is a message_modifier of
    // reply_cues.tsv, resolved here to its index (analyzer.cpp, modifier_said_elsewhere, looks for
    // it in the message).
    auto with_entry = [](const std::string& entry, const std::string& context) {
        std::string src;
        for (char ch : context) {
            if (ch != '_') {
                src += ch;
                continue;
            }
            const auto opened = std::count(src.begin(), src.end(), '(') + 1;  // '(' is always a group
            src += '(';
            for (std::size_t i = 0; i < entry.size(); ++i) {
                src += entry[i];
                if (entry[i] == '\\' && i + 1 < entry.size() && entry[i + 1] >= '1' && entry[i + 1] <= '9') {
                    auto n = entry[++i] - '0' + opened;
                    src += n <= 9 ? static_cast<char>('0' + n) : '0';  // past \9: refused by the parser
                }
            }
            src += ')';
        }
        return src;
    };
    // A typo's `only:` contexts keep to simplified script (`traditional` false), as its wrong side
    // does (see `add`): in traditional text 主人 after 陳 is not the pinyin IME's slip. Its `unless:`
    // contexts may have every spelling: they only ever stand an entry down.
    auto compile_contexts = [&](const std::string& entry, entry_contexts& c, bool traditional) {
        c.exclusions.clear();
        c.requirements.clear();
        c.modifiers.clear();
        for (auto& u : c.unless) {
            if (u.starts_with('@')) {
                auto name = std::string_view(u).substr(1);
                auto m = std::find_if(cue_modifiers.begin(), cue_modifiers.end(),
                                      [&](const reply_cue& r) { return r.whole_message && r.name == name; });
                if (m == cue_modifiers.end())
                    errors.push_back("'" + entry + "': unless:" + u + " names no message_modifier of reply_cues.tsv");
                else
                    c.modifiers.push_back(static_cast<std::uint32_t>(m - cue_modifiers.begin()));
                continue;
            }
            add_spellings(with_entry(entry, u), c.exclusions);
        }
        for (auto& o : c.only) {
            if (o.find('_') == std::string::npos) {
                errors.push_back("'" + entry + "': only:" + o + " does not say where the entry stands (_)");
                continue;
            }
            add_spellings(with_entry(entry, o), c.requirements, traditional);
        }
    };
    for (std::size_t i = 0; i < forbidden.size(); ++i) {
        auto& e = forbidden[i];
        add(e.phrase, pattern_kind::forbidden, i);
        compile_contexts(e.phrase, e.contexts, true);
    }
    for (std::size_t i = 0; i < typos.size(); ++i) {
        add(typos[i].wrong, pattern_kind::typo, i);
        compile_contexts(typos[i].wrong, typos[i].contexts, false);
    }
    for (std::size_t i = 0; i < intents.size(); ++i) add(intents[i].keyword, pattern_kind::intent, i);
    for (std::size_t i = 0; i < away_phrases.size(); ++i) add(away_phrases[i], pattern_kind::away, i);
    for (std::size_t i = 0; i < appointment_phrases.size(); ++i)
        add(appointment_phrases[i], pattern_kind::appointment, i);
    offer_contexts.resize(offer_phrases.size());  // a lexicon built in code may list offers alone
    for (std::size_t i = 0; i < offer_phrases.size(); ++i) {
        add(offer_phrases[i], pattern_kind::offer, i);
        compile_contexts(offer_phrases[i], offer_contexts[i], true);
    }
    for (std::size_t i = 0; i < pause_phrases.size(); ++i) add(pause_phrases[i], pattern_kind::pause, i);
    for (std::size_t i = 0; i < resend_phrases.size(); ++i) add(resend_phrases[i], pattern_kind::resend, i);
    for (std::size_t i = 0; i < contact_phrases.size(); ++i) add(contact_phrases[i], pattern_kind::contact, i);
    for (std::size_t i = 0; i < fillers.size(); ++i) add(fillers[i], pattern_kind::filler, i);
    pause_acknowledgements.clear();
    auto acknowledge = [&](std::string n) {
        if (!n.empty() && std::find(pause_acknowledgements.begin(), pause_acknowledgements.end(), n) == pause_acknowledgements.end())
            pause_acknowledgements.push_back(std::move(n));
    };
    for (auto& w : fillers)
        for (auto& form : forms_of(w)) acknowledge(normalize_compact(form));
    // Patience is said to the consultant as often as not (你慢慢来, 您查, 你先忙): each word also with 你/您 before it,
    // so the list need not spell every one twice (session 35: fresh77's 好 你查 and 不急 你慢慢来).
    for (auto& w : patience_words)
        for (auto& form : forms_of(w)) {
            std::string n = normalize_compact(form);
            if (n.empty()) continue;
            if (!n.starts_with("你") && !n.starts_with("您")) {
                acknowledge("你" + n);
                acknowledge("您" + n);
            }
            acknowledge(std::move(n));
        }
    for (std::size_t i = 0; i < cues.size(); ++i) add(cues[i].pattern, pattern_kind::cue, i);
    for (auto& m : cue_modifiers) {
        m.forms.clear();
        if (m.pattern == "<question>") continue;  // the sentence ends in a question mark: no text to match
        add_spellings(m.pattern, m.forms);
    }
    for (std::size_t i = 0; i < terms.size(); ++i) add(terms[i], pattern_kind::term, i);
    automaton.compile();
    departments.clear();
    for (auto& i : intents)
        if (i.department != "*") departments.insert(i.department);
    ending_rules = ending_lexicon{};
    ending_rules.closing_questions = closing_questions;
    ending_rules.question_words = question_words;
    ending_rules.declines = declines;
    ending_rules.signoffs = signoffs;
    ending_rules.abandon_after = rules.idle_critical;
    for (auto& e : ending_rules.compile(variants)) errors.push_back(e);
    return errors;
}

std::string analysis_rules::department_or_default(std::string_view asked) const {
    for (auto& d : departments)
        if (d == asked) return d;
    return default_department;
}

std::shared_ptr<const lexicon> builtin_lexicon() {
    auto lex = std::make_shared<lexicon>();
    auto d = default_ending_lexicon();
    lex->closing_questions = d.closing_questions;
    lex->question_words = d.question_words;
    lex->declines = d.declines;
    lex->fillers = {"嗯", "恩", "啊", "哦", "噢", "喔", "好", "好的", "ok", "okay", "哈", "呵呵", "是", "对", "行"};
    lex->away_phrases = {"稍等", "等一下", "我去拿一下", "马上回来"};
    lex->appointment_phrases = {"已为您预约", "预约成功", "帮您预约好"};
    lex->forbidden = {{"不好意思", "colloquial", "很抱歉", severity::info, false, false, {}},
                      {"你看不懂中文吗", "interrogating", "请问是哪里没有说清楚?我再为您详细解释。", severity::critical, false, false, {}},
                      {"关咱们什么事", "shirking", "我来帮您想想办法。", severity::critical, false, false, {}},
                      {"tmd", "profanity", "", severity::critical, false, false, {}}};
    lex->typos = {{"报批", "包皮", "男科", {}}};
    lex->intents = {{"怀孕", "不孕不育", 2}, {"多少钱", "*", 2}, {"预约", "*", 2}};
    lex->rules.departments = {"不孕不育", "男科", "妇科", "口腔", "综合"};
    lex->rules.default_department = "综合";
    lex->compile();
    return lex;
}

}  // namespace lingting
