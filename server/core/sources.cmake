# The pure core's sources, relative to server/: one list for the server's build and the fuzz
# targets' own build (tests/fuzz), so a new core file cannot be missing from either.
set(LINGTING_CORE_SOURCES
  core/types.cpp
  core/config.cpp
  core/protocol.cpp
  core/frames.cpp
  core/text_normalize.cpp
  core/ending_rules.cpp
  core/phrase_pattern.cpp
  core/routing.cpp
  core/chat_core.cpp
  core/deadlines.cpp
  core/visitor_queue.cpp
  core/browsing_registry.cpp
  core/latency_histogram.cpp
  core/visit_source.cpp
  core/device_info.cpp
  core/visit_json.cpp
  core/analysis/aho_corasick.cpp
  core/analysis/word_dictionary.cpp
  core/analysis/analyzer.cpp
  core/analysis/lexicon.cpp
  core/analysis/lexicon_loader.cpp
  core/analysis/transcript.cpp
)
