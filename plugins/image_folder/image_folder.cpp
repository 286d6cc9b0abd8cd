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
    FileDataset dataset =
        from_options(std::move(entries), std::move(classes), options);
    context.log->info("image_folder: {} images from {}", dataset.size(),
                      root.string());
    return dataset;
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
  };
  auto common = pretext::FileDataset::common_options(
      64, "0 keeps the files' size (all must match)");
  info.options.insert(info.options.end(), common.begin(), common.end());
  info.create = pretext::factory_of<ImageFolder>();
  return info;
}

}  // namespace

PRETEXT_PLUGIN(describe)
