// Your own images: root/<class>/<image>.{jpg,jpeg,png}, one folder a class.

#include <algorithm>

#include "pretext/error.h"
#include "pretext/file_dataset.h"

namespace {

namespace fs = std::filesystem;

bool is_image(const fs::path& file) {
  std::string extension = file.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return extension == ".jpg" || extension == ".jpeg" || extension == ".png";
}

class ImageFolder : public pretext::FileDataset {
 public:
  ImageFolder(const pretext::Options& options, const pretext::Context& context)
      : FileDataset(make(options, context)) {}

 private:
  static FileDataset make(const pretext::Options& options,
                          const pretext::Context& context) {
    fs::path root = options.string("root");
    if (!fs::is_directory(root))
      throw pretext::DataError(root.string() +
                               ": image folder not found (expected "
                               "root/<class>/<image>)");

    std::vector<std::string> classes = options.strings("classes");
    if (classes.empty()) {
      for (const auto& entry : fs::directory_iterator(root))
        if (entry.is_directory())
          classes.push_back(entry.path().filename().string());
      std::sort(classes.begin(), classes.end());
    }
    if (classes.empty())
      throw pretext::DataError(root.string() +
                               ": no class folders (expected "
                               "root/<class>/<image>)");

    std::vector<Entry> entries;
    for (size_t label = 0; label < classes.size(); ++label) {
      fs::path folder = root / classes[label];
      if (!fs::is_directory(folder))
        options.fail("classes", "no folder " + folder.string());
      std::vector<fs::path> files;
      for (const auto& entry : fs::directory_iterator(folder))
        if (entry.is_regular_file() && is_image(entry.path()))
          files.push_back(entry.path());
      if (files.empty())
        throw pretext::DataError(folder.string() +
                                 ": no .jpg, .jpeg or .png images");
      std::sort(files.begin(), files.end());
      for (auto& file : files)
        entries.push_back({file, static_cast<int64_t>(label)});
    }
    entries = take_per_class(std::move(entries), options.integer("per_class"),
                             static_cast<uint64_t>(options.integer("seed")));

    if (!options.boolean("labeled")) {
      classes.clear();
      for (auto& entry : entries) entry.label = -1;
    }
    context.log->info("image_folder: {} images in {} classes from {}",
                      entries.size(), classes.size(), root.string());
    return FileDataset(std::move(entries), std::move(classes),
                       static_cast<int>(options.integer("image_size")),
                       options.boolean("keep_decoded"));
  }
};

pretext::PluginInfo describe() {
  pretext::PluginInfo info;
  info.name = "image_folder";
  info.kind = pretext::PluginKind::dataset;
  info.version = "1.0.0";
  info.summary = "JPEG and PNG images in root/<class>/ folders";
  info.options = {
      pretext::option::string("root", "", "folder of class folders")
          .must_be_given(),
      pretext::option::string_list("classes", {},
                                   "class folders to use, in label order; "
                                   "empty takes all, sorted"),
      pretext::option::integer("per_class", 0,
                               "images kept per class, picked by seed; 0 "
                               "keeps all")
          .at_least(0),
      pretext::option::integer("seed", 0, "which images per_class keeps")
          .at_least(0),
      pretext::option::boolean("labeled", true,
                               "false hides the labels (for pretext tasks)"),
      pretext::option::integer("image_size", 64,
                               "resize to this square side; 0 keeps the "
                               "files' size (all must match)")
          .at_least(0),
      pretext::option::boolean("keep_decoded", false,
                               "decode every image once and keep it in "
                               "memory"),
  };
  info.create = pretext::factory_of<ImageFolder>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
