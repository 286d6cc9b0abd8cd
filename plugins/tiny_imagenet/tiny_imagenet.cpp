// Tiny ImageNet in its official layout:
//   wnids.txt, train/<wnid>/images/*.JPEG,
//   val/images/*.JPEG with val/val_annotations.txt

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "pretext/error.h"
#include "pretext/file_dataset.h"
#include "pretext/recipe.h"

namespace {

namespace fs = std::filesystem;

const char* kHowToGet =
    "; run scripts/get_data.sh, or set root to the folder that holds "
    "wnids.txt";

std::vector<std::string> read_lines(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw pretext::DataError(file.string() + ": missing" + kHowToGet);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

struct ClassChoice {
  std::string wnid;
  std::string name;
};

// `classes` is "all", a count N (the first N of wnids.txt), a list of
// WordNet ids, or a mapping (or list of one-entry mappings) from display
// names to WordNet ids: {duck: n01855672, fish: n01443537}.
std::vector<ClassChoice> choose_classes(const pretext::Options& options,
                                        const std::vector<std::string>& wnids) {
  YAML::Node node = options.node("classes");
  std::vector<ClassChoice> chosen;
  auto known = [&](const std::string& wnid) {
    if (std::find(wnids.begin(), wnids.end(), wnid) != wnids.end()) return;
    std::string hint = pretext::suggest(wnid, wnids);
    options.fail("classes", "\"" + wnid + "\" is not in wnids.txt" +
                                (hint.empty() ? "" : "; " + hint));
  };
  auto add = [&](const std::string& wnid, const std::string& name) {
    known(wnid);
    chosen.push_back({wnid, name.empty() ? wnid : name});
  };

  if (node.IsScalar() && node.Scalar() == "all") {
    for (const auto& wnid : wnids) add(wnid, wnid);
  } else if (node.IsScalar()) {
    int64_t count = node.as<int64_t>();
    if (count > static_cast<int64_t>(wnids.size()))
      options.fail("classes", "there are only " + std::to_string(wnids.size()) +
                                  " classes");
    for (int64_t i = 0; i < count; ++i) add(wnids[i], wnids[i]);
  } else if (node.IsMap()) {
    for (const auto& entry : node)
      add(entry.second.Scalar(), entry.first.Scalar());
  } else {
    for (const auto& item : node) {
      if (item.IsMap())
        add(item.begin()->second.Scalar(), item.begin()->first.Scalar());
      else
        add(item.Scalar(), item.Scalar());
    }
  }
  return chosen;
}

void check_classes(const YAML::Node& node) {
  auto bad = [] {
    throw std::invalid_argument(
        "expected \"all\", a number of classes, a list of WordNet ids, or a "
        "mapping from names to WordNet ids such as {duck: n01855672}");
  };
  if (node.IsScalar()) {
    if (node.Scalar() == "all") return;
    int64_t count = 0;
    if (!YAML::convert<int64_t>::decode(node, count) || count < 1) bad();
    return;
  }
  if (node.IsMap()) {
    for (const auto& entry : node)
      if (!entry.second.IsScalar()) bad();
    if (node.size() < 1) bad();
    return;
  }
  if (!node.IsSequence() || node.size() == 0) bad();
  for (const auto& item : node) {
    if (item.IsScalar()) continue;
    if (!item.IsMap() || item.size() != 1 || !item.begin()->second.IsScalar())
      bad();
  }
}

std::vector<pretext::FileDataset::Entry> list_train(
    const fs::path& root, const std::vector<ClassChoice>& classes) {
  std::vector<pretext::FileDataset::Entry> entries;
  for (size_t label = 0; label < classes.size(); ++label) {
    fs::path folder = root / "train" / classes[label].wnid / "images";
    if (!fs::is_directory(folder))
      throw pretext::DataError(folder.string() + ": missing" + kHowToGet);
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder))
      if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (auto& file : files)
      entries.push_back({file, static_cast<int64_t>(label)});
  }
  return entries;
}

std::vector<pretext::FileDataset::Entry> list_val(
    const fs::path& root, const std::vector<ClassChoice>& classes) {
  std::map<std::string, int64_t> label_of;
  for (size_t i = 0; i < classes.size(); ++i)
    label_of[classes[i].wnid] = static_cast<int64_t>(i);
  fs::path annotations = root / "val" / "val_annotations.txt";
  std::vector<pretext::FileDataset::Entry> entries;
  for (const auto& line : read_lines(annotations)) {
    std::istringstream fields(line);
    std::string file, wnid;
    fields >> file >> wnid;
    auto found = label_of.find(wnid);
    if (found == label_of.end()) continue;
    entries.push_back({root / "val" / "images" / file, found->second});
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.file < b.file; });
  for (const auto& entry : entries)
    if (!fs::exists(entry.file))
      throw pretext::DataError(entry.file.string() + ": listed in " +
                               annotations.string() + " but missing" +
                               kHowToGet);
  return entries;
}

class TinyImageNet : public pretext::FileDataset {
 public:
  TinyImageNet(const pretext::Options& options, const pretext::Context& context)
      : FileDataset(make(options, context)) {}

 private:
  static FileDataset make(const pretext::Options& options,
                          const pretext::Context& context) {
    fs::path root = options.string("root");
    if (!fs::is_directory(root))
      throw pretext::DataError(root.string() + ": Tiny ImageNet not found" +
                               kHowToGet);
    auto wnids = read_lines(root / "wnids.txt");
    auto classes = choose_classes(options, wnids);

    bool is_train = options.string("split") == "train";
    auto entries =
        is_train ? list_train(root, classes) : list_val(root, classes);
    std::vector<std::string> names;
    for (const auto& choice : classes) names.push_back(choice.name);
    FileDataset dataset =
        from_options(std::move(entries), std::move(names), options);
    context.log->info("tiny_imagenet: {} {} images of {} classes{}",
                      dataset.size(), options.string("split"), classes.size(),
                      options.boolean("labeled") ? "" : ", unlabeled");
    return dataset;
  }
};

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "tiny_imagenet";
  info.kind = pretext::PluginKind::dataset;
  info.version = "1.0.0";
  info.summary = "Tiny ImageNet (200 classes of 64x64 images), official layout";
  info.options = {
      pretext::option::string("root", "data/tiny-imagenet-200",
                              "folder holding wnids.txt, train/ and val/"),
      pretext::option::choice("split", "train", {"train", "val"},
                              "which split to read"),
      pretext::option::any("classes", YAML::Node("all"),
                           "all, the first N of wnids.txt, a list of WordNet "
                           "ids, or {name: wnid, ...}")
          .checked_by(check_classes),
  };
  auto common = pretext::FileDataset::common_options(0, "0 keeps 64x64");
  info.options.insert(info.options.end(), common.begin(), common.end());
  info.create = pretext::factory_of<TinyImageNet>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
