#include "pretext/plugin_registry.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include "pretext/error.h"
#include "pretext/head.h"
#include "pretext/log.h"

namespace pretext {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = PRETEXT_FIXTURE_DIR;

// A logger whose lines the test can read.
struct CapturedLog {
  std::ostringstream lines;
  std::shared_ptr<spdlog::logger> log = std::make_shared<spdlog::logger>(
      "test", std::make_shared<spdlog::sinks::ostream_sink_st>(lines));
  CapturedLog() { log->set_level(spdlog::level::debug); }
};

TEST(PluginRegistry, LoadsEveryBuiltInPlugin) {
  CapturedLog captured;
  PluginRegistry registry(captured.log);
  registry.load_directories({PRETEXT_PLUGIN_DIR}, true);
  for (const char* name :
       {"mobilenet_v2", "rotation", "classification", "linear", "mlp", "sgd",
        "adam", "adamw", "cosine", "early_stopping", "synthetic"})
    EXPECT_NE(registry.find(name), nullptr) << name;
  EXPECT_EQ(registry.find("mobilenet_v2")->info->kind, PluginKind::backbone);
}

TEST(PluginRegistry, SkipsFilesThatAreNotPluginsWithADebugLine) {
  CapturedLog captured;
  PluginRegistry registry(captured.log);
  registry.load_directories({kFixtures / "not_a_plugin"}, true);
  EXPECT_TRUE(registry.plugins().empty());
  std::string text = captured.lines.str();
  EXPECT_NE(text.find("not_a_plugin.so: not a pretext plugin, skipped"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("README.txt: not a shared library, skipped"),
            std::string::npos);
  EXPECT_NE(text.find("broken.so: cannot be loaded, skipped"),
            std::string::npos);
}

TEST(PluginRegistry, RefusesAPluginBuiltForAnotherAbiNamingBothVersions) {
  CapturedLog captured;
  PluginRegistry registry(captured.log);
  try {
    registry.load_directories({kFixtures / "abi_mismatch"}, true);
    FAIL() << "expected a PluginError";
  } catch (const PluginError& e) {
    std::string expected =
        (kFixtures / "abi_mismatch/abi_mismatch.so").string() +
        ": plugin built for framework ABI 999, this "
        "runner has ABI " +
        std::to_string(kAbiVersion) +
        "; rebuild the plugin against this pretext";
    EXPECT_EQ(e.what(), expected);
  }
}

TEST(PluginRegistry, RefusesTwoPluginsWithOneNameNamingBothFiles) {
  CapturedLog captured;
  PluginRegistry registry(captured.log);
  try {
    registry.load_directories({kFixtures / "twin_a", kFixtures / "twin_b"},
                              true);
    FAIL() << "expected a PluginError";
  } catch (const PluginError& e) {
    std::string text = e.what();
    EXPECT_EQ(text, "two plugins are named \"twin\": " +
                        (kFixtures / "twin_a/twin_a.so").string() + " and " +
                        (kFixtures / "twin_b/twin_b.so").string() +
                        "; remove or rename one");
  }
}

TEST(PluginRegistry, LoadingTheSameFolderTwiceIsNotADuplicate) {
  CapturedLog captured;
  PluginRegistry registry(captured.log);
  registry.load_directories({kFixtures / "twin_a", kFixtures / "twin_a"}, true);
  EXPECT_EQ(registry.plugins().size(), 1u);
}

TEST(PluginRegistry, AMissingFolderIsAnErrorOnlyWhenItMustExist) {
  CapturedLog captured;
  PluginRegistry registry(captured.log);
  EXPECT_NO_THROW(registry.load_directories({"/no/such/folder"}, false));
  EXPECT_NE(captured.lines.str().find(
                "plugin folder /no/such/folder not found, skipped"),
            std::string::npos);
  try {
    registry.load_directories({"/no/such/folder"}, true);
    FAIL() << "expected a PluginError";
  } catch (const PluginError& e) {
    EXPECT_STREQ(e.what(),
                 "plugin folder /no/such/folder does not exist or is not a "
                 "folder");
  }
}

TEST(PluginRegistry, ObjectsKeepTheirLibraryLoadedAfterTheRegistryIsGone) {
  std::shared_ptr<Head> head;
  {
    CapturedLog captured;
    PluginRegistry registry(captured.log);
    registry.load_directories({PRETEXT_PLUGIN_DIR}, true);
    Context context;
    context.in_features = 4;
    context.out_features = 2;
    auto options = Options::validate(
        registry.find("linear")->info->options, YAML::Node(), "head",
        [](const YAML::Node&, const std::string&) { return SourceLocation{}; });
    head = registry.create_as<Head>("linear", options, context);
  }
  // The registry and its library handles are gone; the head's code must
  // still be mapped.
  auto out = head->forward(torch::ones({3, 4}));
  EXPECT_EQ(out.sizes(), (std::vector<int64_t>{3, 2}));
  head.reset();
}

TEST(PluginRegistry, PluginPathListsFoldersBeforeTheBuiltInOne) {
  setenv("PRETEXT_PLUGIN_PATH", "/a:/b", 1);
  auto dirs = default_plugin_dirs();
  unsetenv("PRETEXT_PLUGIN_PATH");
  ASSERT_EQ(dirs.size(), 3u);
  EXPECT_EQ(dirs[0], "/a");
  EXPECT_EQ(dirs[1], "/b");
  EXPECT_EQ(dirs[2].filename(), "plugins");
}

}  // namespace
}  // namespace pretext
