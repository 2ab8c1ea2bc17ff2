#include "core/analysis/lexicon_loader.hpp"

#include "core/text_normalize.hpp"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <set>
#include <unordered_set>
#include <sstream>

namespace lingting {

std::string lexicon_error::to_string() const {
    return line > 0 ? file + ":" + std::to_string(line) + ": " + reason : file + ": " + reason;
}

const std::vector<std::string>& lexicon_files() {
    static const std::vector<std::string> files = {"rules.conf",  "forbidden_phrases.tsv", "typos.tsv",
                                                   "intents.tsv", "closings.tsv",          "fillers.txt",
                                                   "terms.txt"};
    return files;
}

namespace {

std::string trim(std::string_view s) {
    auto b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) return {};
    auto e = s.find_last_not_of(" \t\r");
    return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        auto tab = line.find('\t', start);
        out.push_back(trim(std::string_view(line).substr(start, tab == std::string::npos ? std::string::npos : tab - start)));
        if (tab == std::string::npos) break;
        start = tab + 1;
    }
    return out;
}

bool parse_double(const std::string& s, double& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size();
}

// A trailing `unless:CONTEXT` or `only:CONTEXT` column of forbidden_phrases.tsv or typos.tsv,
// taken into `c` (columns are read from the last, so each goes in front). False: no such column.
bool take_context(const std::string& column, entry_contexts& c) {
    if (column.starts_with("unless:")) c.unless.insert(c.unless.begin(), column.substr(7));
    else if (column.starts_with("only:")) c.only.insert(c.only.begin(), column.substr(5));
    else return false;
    return true;
}

const std::set<std::string> categories = {"scolding", "rhetorical", "interrogating", "brush_off",
                                          "shirking", "profanity",  "colloquial"};

// One rules.conf setting; returns an error text or "".
std::string apply_rule(analysis_rules& r, const std::string& key, const std::string& value) {
    double v = 0;
    auto number = [&](double min, double max) {
        if (!parse_double(value, v) || v < min || v > max) return false;
        return true;
    };
    auto seconds_to = [&](milliseconds& field) {
        if (!number(1, 86400)) return std::string("expected seconds between 1 and 86400");
        field = milliseconds{static_cast<std::int64_t>(v * 1000)};
        return std::string();
    };
    if (key == "idle_warning_seconds") return seconds_to(r.idle_warning);
    if (key == "idle_critical_seconds") return seconds_to(r.idle_critical);
    if (key == "first_response_seconds") return seconds_to(r.first_response);
    if (key == "terse_follow_up_seconds") return seconds_to(r.terse_follow_up);
    if (key == "low_effort_min_visitor_chars") {
        if (!number(1, 1e6)) return "expected a positive count";
        r.low_effort_min_visitor_chars = static_cast<std::size_t>(v);
        return {};
    }
    if (key == "low_effort_min_replies") {
        if (!number(1, 1e6)) return "expected a positive count";
        r.low_effort_min_replies = static_cast<std::size_t>(v);
        return {};
    }
    if (key == "pause_reply_max_chars") {
        if (!number(0, 1000)) return "expected a count between 0 and 1000";
        r.pause_reply_max_chars = static_cast<std::size_t>(v);
        return {};
    }
    if (key == "low_effort_max_consultant_chars") {
        if (!number(1, 1e6)) return "expected a positive count";
        r.low_effort_max_consultant_chars = static_cast<std::size_t>(v);
        return {};
    }
    if (key == "low_effort_ratio") {
        if (!number(0, 100)) return "expected a ratio between 0 and 100";
        r.low_effort_ratio = v;
        return {};
    }
    if (key == "terse_max_chars" || key == "terse_max_after_filler" || key == "terse_description_chars") {
        if (!number(0, 1000)) return "expected a count between 0 and 1000";
        (key == "terse_max_chars"          ? r.terse_max_chars
         : key == "terse_max_after_filler" ? r.terse_max_after_filler
                                           : r.terse_description_chars) = static_cast<std::size_t>(v);
        return {};
    }
    if (key == "terse_question_ratio") {
        if (!number(0, 1000)) return "expected a ratio between 0 and 1000";
        r.terse_question_ratio = v;
        return {};
    }
    if (key == "terse_courtesies" || key == "terse_number_questions" || key == "terse_presence_replies" ||
        key == "terse_presence_asks" || key == "terse_greetings" || key == "pause_reply_waiting_words") {
        auto& list = key == "pause_reply_waiting_words" ? r.pause_reply_waiting_words
                     : key == "terse_courtesies"        ? r.terse_courtesies
                     : key == "terse_number_questions" ? r.terse_number_questions
                     : key == "terse_presence_replies" ? r.terse_presence_replies
                     : key == "terse_greetings"        ? r.terse_greetings
                                                       : r.terse_presence_asks;
        list.clear();
        std::stringstream in(value);
        for (std::string part; std::getline(in, part, ',');) {
            part = normalize_compact(trim(part));
            if (!part.empty()) list.push_back(part);
        }
        return {};
    }
    if (key == "repeated_reply_count") {
        if (!number(2, 1000)) return "expected a count of at least 2";
        r.repeated_reply_count = static_cast<int>(v);
        return {};
    }
    if (key == "repeated_reply_min_chars") {
        if (!number(1, 1000)) return "expected a positive count";
        r.repeated_reply_min_chars = static_cast<std::size_t>(v);
        return {};
    }
    if (key == "repeated_sentence_min_chars") {
        if (!number(1, 1000)) return "expected a positive count";
        r.repeated_sentence_min_chars = static_cast<std::size_t>(v);
        return {};
    }
    if (key == "intent_threshold") {
        if (!number(0.01, 1e6)) return "expected a positive weight";
        r.intent_threshold = v;
        return {};
    }
    if (key == "keyword_intent_weight") {
        if (!number(0, 100)) return "expected a weight factor in [0, 100]";
        r.keyword_intent_weight = v;
        return {};
    }
    if (key == "intent_threshold_consultant_ending") {
        if (!number(0.01, 1e6)) return "expected a positive weight";
        r.intent_threshold_consultant_ending = v;
        return {};
    }
    if (key == "conversation_cost") {
        if (!number(0, 1e9)) return "expected a cost in yuan";
        r.default_conversation_cost = v;
        return {};
    }
    if (key.rfind("conversation_cost.", 0) == 0) {
        if (!number(0, 1e9)) return "expected a cost in yuan";
        r.department_cost[key.substr(18)] = v;
        return {};
    }
    if (key == "departments") {
        r.departments.clear();
        std::stringstream in(value);
        for (std::string part; std::getline(in, part, ',');) {
            part = trim(part);
            if (part.empty()) continue;
            if (part.size() > 64) return "department name over 64 bytes: '" + part + "'";
            r.departments.push_back(part);
        }
        if (r.departments.empty()) return "expected a comma-separated list of departments";
        return {};
    }
    if (key == "default_department") {
        if (value.empty() || value.size() > 64) return "expected a department name";
        r.default_department = value;
        return {};
    }
    // What the visitor page shows: the clinic's name, and the greeting the server sends as the
    // clinic when a conversation opens (not a consultant's message: see server/ENDINGS.md).
    if (key == "clinic_name") {
        if (value.empty() || value.size() > 128) return "expected a name of at most 128 bytes";
        r.clinic_name = value;
        return {};
    }
    if (key == "greeting") {
        if (value.size() > 1000) return "greeting over 1000 bytes";
        r.greeting = value;
        return {};
    }
    if (key == "reply_cue_threshold") {
        if (!number(0.01, 1000)) return "expected a positive score";
        r.reply_cue_threshold = v;
        return {};
    }
    if (key == "reply_model_enabled") {
        if (value != "true" && value != "false") return "expected true or false";
        r.reply_model_enabled = value == "true";
        return {};
    }
    if (key == "reply_model_threshold") {
        if (!number(0.5, 0.9999)) return "expected a probability in [0.5, 0.9999]";
        r.reply_model_threshold = v;
        return {};
    }
    if (key == "word_dictionary") {
        r.word_dictionary = value;  // a missing file means no word boundaries, not an error
        return {};
    }
    if (key == "flag_ascii_comma") {
        if (value != "true" && value != "false") return "expected true or false";
        r.flag_ascii_comma = value == "true";
        return {};
    }
    if (key == "block_severities" || key == "block_categories") {
        std::set<severity> sev;
        std::set<std::string> cats;
        std::stringstream in(value);
        for (std::string part; std::getline(in, part, ',');) {
            part = trim(part);
            if (part.empty()) continue;
            if (key == "block_severities") {
                auto s = parse_severity(part);
                if (!s) return "unknown severity '" + part + "' (info, warning, critical)";
                sev.insert(*s);
            } else {
                if (!categories.count(part)) return "unknown category '" + part + "'";
                cats.insert(part);
            }
        }
        if (key == "block_severities") r.block_severities = sev;
        else r.block_categories = cats;
        return {};
    }
    return "unknown setting '" + key + "'";
}

}  // namespace

void parse_lexicon_file(const std::string& name, std::string_view text, lexicon& lex,
                        std::vector<lexicon_error>& errors) {
    std::set<std::string> seen;
    std::istringstream in{std::string(text)};
    std::string raw;
    for (int n = 1; std::getline(in, raw); ++n) {
        auto err = [&](std::string reason) { errors.push_back({name, n, std::move(reason)}); };
        std::string line = raw;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::string t = trim(line);
        if (t.empty() || t[0] == '#') continue;
        std::size_t p = 0;
        bool valid = true;
        while (p < t.size()) {
            auto before = p;
            if (next_code_point(t, p) == 0xFFFD && t.compare(before, 3, "\xEF\xBF\xBD") != 0) valid = false;
        }
        if (!valid) {
            err("not valid UTF-8");
            continue;
        }
        if (name == "rules.conf") {
            auto eq = t.find('=');
            if (eq == std::string::npos) {
                err("expected 'key = value'");
                continue;
            }
            if (auto e = apply_rule(lex.rules, trim(t.substr(0, eq)), trim(t.substr(eq + 1))); !e.empty()) err(e);
            continue;
        }
        if (name == "dialect_forms.tsv") {
            if (auto e = lex.dialects.add_line(split_tabs(t)); !e.empty()) err(e);
            continue;
        }
        if (name == "reply_model.tsv") {
            if (auto e = lex.rude_model.add_line(split_tabs(t)); !e.empty()) err(e);
            continue;
        }
        if (name == "fillers.txt") {
            lex.fillers.push_back(t);
            continue;
        }
        if (name == "terms.txt") {
            lex.terms.push_back(t);
            continue;
        }
        auto f = split_tabs(line);
        auto dup = [&](const std::string& key) {
            if (seen.insert(normalize_compact(key)).second) return false;
            err("duplicate entry '" + key + "'");
            return true;
        };
        if (name == "forbidden_phrases.tsv") {
            // Optional tagged columns at the end, in any order: `block` (unambiguous: the send
            // policy may block it), `unless:CONTEXT` and `only:CONTEXT` (patterns, `_` = the phrase).
            bool unambiguous = false;
            entry_contexts contexts;
            while (f.size() > 3) {
                if (f.back() == "block") unambiguous = true;
                else if (!take_context(f.back(), contexts)) break;
                f.pop_back();
            }
            if (f.size() < 3 || f.size() > 5 || f[0].empty()) {
                err("expected phrase<TAB>category<TAB>severity[<TAB>replace|advice<TAB>text][<TAB>block][<TAB>unless:context][<TAB>only:context]");
                continue;
            }
            // Five fields say what the text is; a bare fourth field (the older layout) is advice,
            // so text meant for the consultant can never be inserted into a reply by mistake.
            bool replaces = false;
            std::string suggestion = f.size() == 4 ? f[3] : "";
            if (f.size() == 5) {
                if (f[3] != "replace" && f[3] != "advice") {
                    err("unknown suggestion kind '" + f[3] + "' (replace, advice)");
                    continue;
                }
                if (f[4].empty()) {
                    err("'" + f[3] + "' without its text");
                    continue;
                }
                replaces = f[3] == "replace";
                suggestion = f[4];
            }
            if (!categories.count(f[1])) {
                err("unknown category '" + f[1] + "'");
                continue;
            }
            auto s = parse_severity(f[2]);
            if (!s) {
                err("unknown severity '" + f[2] + "' (info, warning, critical)");
                continue;
            }
            if (normalize_compact(f[0]).empty()) {
                err("phrase has no letters");
                continue;
            }
            if (dup(f[0])) continue;
            lex.forbidden.push_back({f[0], f[1], std::move(suggestion), *s, replaces, unambiguous, std::move(contexts)});
        } else if (name == "typos.tsv") {
            entry_contexts contexts;
            while (f.size() > 2 && take_context(f.back(), contexts)) f.pop_back();
            if (f.size() < 2 || f.size() > 3 || f[0].empty() || f[1].empty()) {
                err("expected wrong<TAB>right[<TAB>department][<TAB>unless:context][<TAB>only:context]");
                continue;
            }
            if (normalize_compact(f[0]) == normalize_compact(f[1])) {
                err("wrong and right are the same");
                continue;
            }
            if (dup(f[0] + "\t" + (f.size() == 3 ? f[2] : ""))) continue;
            lex.typos.push_back({f[0], f[1], f.size() == 3 ? f[2] : "", std::move(contexts)});
        } else if (name == "intents.tsv") {
            if (f.size() < 2 || f.size() > 3 || f[0].empty() || f[1].empty()) {
                err("expected department<TAB>keyword[<TAB>weight]");
                continue;
            }
            double w = 1;
            if (f.size() == 3 && (!parse_double(f[2], w) || w <= 0 || w > 100)) {
                err("weight must be a number in (0, 100]");
                continue;
            }
            if (dup(f[0] + "\t" + f[1])) continue;
            lex.intents.push_back({f[1], f[0], w});
        } else if (name == "closings.tsv") {
            // Offers only: unless:/only: columns. Not appointments: their words (预约, 安排, 挂号) hit in
            // most consultant messages, and a context makes every hit split the message into sentences
            // (tried for 已经予約了回国的机票: the inline check 15 % slower).
            entry_contexts contexts;
            while (f.size() > 2 && f[0] == "offer" && take_context(f.back(), contexts)) f.pop_back();
            if (f.size() != 2 || f[1].empty()) {
                err("expected kind<TAB>phrase (offer: [<TAB>unless:context][<TAB>only:context])");
                continue;
            }
            if (dup(f[0] + "\t" + f[1])) continue;
            if (f[0] == "closing_question") lex.closing_questions.push_back(f[1]);
            else if (f[0] == "farewell") lex.farewells.push_back(f[1]);
            else if (f[0] == "question_word") lex.question_words.push_back(f[1]);
            else if (f[0] == "decline") lex.declines.push_back(f[1]);
            else if (f[0] == "appointment") lex.appointment_phrases.push_back(f[1]);
            else if (f[0] == "away") lex.away_phrases.push_back(f[1]);
            else if (f[0] == "offer") {
                lex.offer_phrases.push_back(f[1]);
                lex.offer_contexts.push_back(std::move(contexts));
            }
            else if (f[0] == "pause") lex.pause_phrases.push_back(f[1]);
            else if (f[0] == "patience") lex.patience_words.push_back(f[1]);
            else if (f[0] == "signoff") lex.signoffs.push_back(f[1]);
            else if (f[0] == "resend") lex.resend_phrases.push_back(f[1]);
            else if (f[0] == "contact") lex.contact_phrases.push_back(f[1]);
            else err("unknown kind '" + f[0] + "' (closing_question, farewell, question_word, decline, appointment, offer, pause, patience, away, signoff, resend, contact)");
        } else if (name == "reply_cues.tsv") {
            // cue NAME CATEGORY PRIOR WEIGHT PATTERN | [message_]modifier NAME PRIOR WEIGHT PATTERN | advice CATEGORY TEXT
            double prior = 0, weight = 0;
            auto weights_at = [&](std::size_t i) {
                return parse_double(f[i], prior) && parse_double(f[i + 1], weight) && prior >= -20 && prior <= 20 &&
                       weight >= -20 && weight <= 20;
            };
            if (f[0] == "cue" && f.size() == 6) {
                if (f[1].empty() || f[5].empty() || !weights_at(3)) {
                    err("expected cue<TAB>name<TAB>category<TAB>prior<TAB>weight<TAB>pattern (weights in [-20, 20])");
                    continue;
                }
                if (!categories.count(f[2]) || f[2] == "profanity" || f[2] == "colloquial") {
                    err("cue category must be scolding, rhetorical, interrogating, brush_off or shirking");
                    continue;
                }
                if (phrase_pattern::is_pattern(f[5]) ? false : normalize_compact(f[5]).empty()) {
                    err("cue pattern has no letters");
                    continue;
                }
                if (dup("cue\t" + f[1])) continue;
                lex.cues.push_back({f[1], f[2], prior, weight, f[5], {}});
            } else if ((f[0] == "modifier" || f[0] == "message_modifier") && f.size() == 5) {
                if (f[1].empty() || f[4].empty() || !weights_at(2)) {
                    err("expected modifier<TAB>name<TAB>prior<TAB>weight<TAB>pattern (weights in [-20, 20])");
                    continue;
                }
                if (dup("cue\t" + f[1])) continue;
                lex.cue_modifiers.push_back({f[1], "", prior, weight, f[4], {}, f[0] == "message_modifier"});
            } else if (f[0] == "advice" && f.size() == 3 && categories.count(f[1]) && !f[2].empty()) {
                lex.cue_advice[f[1]] = f[2];
            } else {
                err("expected a cue, modifier or advice line (lexicon/README.md)");
            }
        } else {
            errors.push_back({name, 0, "not a lexicon file"});
            return;
        }
    }
}

namespace {

// sources.tsv is optional (a lexicon from before it keeps the built-in engines); when present it
// replaces them whole.
void load_source_rules(const std::string& dir, source_rules& out, std::vector<lexicon_error>& errors) {
    auto path = std::filesystem::path(dir) / "sources.tsv";
    std::ifstream in(path, std::ios::binary);
    if (!in) return;
    source_rules rules;
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (trim(line).empty() || trim(line)[0] == '#') continue;
        if (auto e = rules.add_line(split_tabs(line)); !e.empty()) errors.push_back({"sources.tsv", n, e});
    }
    out = std::move(rules);
}

}  // namespace

lexicon_load_result load_lexicon(const std::string& dir, const variants_fn& variants) {
    lexicon_load_result r;
    auto lex = std::make_shared<lexicon>();
    for (auto& name : lexicon_files()) {
        std::ifstream in(std::filesystem::path(dir) / name, std::ios::binary);
        if (!in) {
            r.errors.push_back({(std::filesystem::path(dir) / name).string(), 0, "cannot open"});
            continue;
        }
        std::stringstream buf;
        buf << in.rdbuf();
        parse_lexicon_file(name, buf.str(), *lex, r.errors);
    }
    load_source_rules(dir, lex->sources, r.errors);
    // reply_cues.tsv is optional: without it the rude-reply classifier is off.
    if (std::ifstream in(std::filesystem::path(dir) / "reply_cues.tsv", std::ios::binary); in) {
        std::stringstream buf;
        buf << in.rdbuf();
        parse_lexicon_file("reply_cues.tsv", buf.str(), *lex, r.errors);
    }
    // reply_model.tsv is optional too: without it the n-gram model is off. Switched off in rules.conf
    // (read above), its ~15k lines are not even read: no cost to every load and reload (the file is
    // checked by ctest reply_model_fitted and the unit tests, and at the load that switches it on).
    if (lex->rules.reply_model_enabled) {
        if (std::ifstream in(std::filesystem::path(dir) / "reply_model.tsv", std::ios::binary); in) {
            std::stringstream buf;
            buf << in.rdbuf();
            parse_lexicon_file("reply_model.tsv", buf.str(), *lex, r.errors);
        }
    }
    // dialect_forms.tsv is optional: without it entries match as written (and in traditional script).
    if (std::ifstream in(std::filesystem::path(dir) / "dialect_forms.tsv", std::ios::binary); in) {
        std::stringstream buf;
        buf << in.rdbuf();
        parse_lexicon_file("dialect_forms.tsv", buf.str(), *lex, r.errors);
    }
    if (lex->closing_questions.empty()) r.errors.push_back({"closings.tsv", 0, "no closing_question entries"});
    if (lex->rules.idle_critical <= lex->rules.idle_warning)
        r.errors.push_back({"rules.conf", 0, "idle_critical_seconds must exceed idle_warning_seconds"});
    auto& deps = lex->rules.departments;
    if (deps.empty()) r.errors.push_back({"rules.conf", 0, "no departments listed"});
    else if (std::find(deps.begin(), deps.end(), lex->rules.default_department) == deps.end())
        r.errors.push_back({"rules.conf", 0, "default_department must be one of departments"});
    if (!r.errors.empty()) return r;
    // Every entry that gets traditional-script forms gets its regional spellings too (晓得 for 知道),
    // and the traditional forms of the Mandarin spelling: a Chengdu consultant writes simplified.
    variants_fn spelled = variants;
    if (!lex->dialects.empty())
        spelled = [&variants, dialects = &lex->dialects](const std::string& phrase) {
            std::vector<std::string> out;
            if (variants) out = variants(phrase);
            for (auto& d : dialects->of(phrase))
                if (std::find(out.begin(), out.end(), d) == out.end()) out.push_back(std::move(d));
            return out;
        };
    // The word list: only words sharing a character with a short entry can overlap one.
    {
        std::unordered_set<char32_t> wanted;
        auto want = [&](const std::string& phrase) {
            std::vector<std::string> forms{phrase};
            if (spelled)
                for (auto& v : spelled(phrase)) forms.push_back(v);
            for (auto& f : forms) {
                std::string c = normalize_compact(f);
                for (std::size_t p = 0; p < c.size();) wanted.insert(next_code_point(c, p));
            }
        };
        for (auto& e : lex->forbidden)
            if (utf8_length(normalize_compact(e.phrase)) <= 2) want(e.phrase);
        for (auto& t : lex->typos) want(t.wrong);
        auto words = std::make_shared<word_dictionary>();
        if (!words->load(lex->rules.word_dictionary, wanted) && !lex->rules.word_dictionary.empty())
            r.warnings.push_back("word_dictionary " + lex->rules.word_dictionary +
                                 ": cannot be read; short entries match as substrings (python3-jieba installs it)");
        lex->words = std::move(words);
    }
    for (auto& e : lex->compile(spelled)) r.errors.push_back({"lexicon", 0, "pattern " + e});
    // The model's traditional forms (~0.7 s of OpenCC for its ~15k n-grams): only a model switched on is loaded.
    if (auto e = lex->rude_model.finish(spelled); !e.empty())
        r.errors.push_back({"reply_model.tsv", 0, e});
    if (!r.errors.empty()) return r;
    r.lex = std::move(lex);
    return r;
}

}  // namespace lingting
