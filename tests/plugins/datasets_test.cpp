// The tiny_imagenet and image_folder datasets on small layouts made here.
#include <gtest/gtest.h>

#include "pretext/dataset.h"
#include "pretext/error.h"
#include "pretext/log.h"
#include "test_support.h"

namespace pretext {
namespace {

namespace fs = std::filesystem;
using testing::write_jpeg;
using testing::write_text;

std::shared_ptr<Dataset> make_dataset(const std::string& plugin,
                                      const std::string& yaml) {
  const auto& registry = testing::builtin_plugins();
  auto options = Options::validate(
      registry.find(plugin)->info->options, YAML::Load(yaml), "train",
      [](const YAML::Node& node, const std::string&) {
        return SourceLocation{"r.yaml", node.Mark().line + 1,
                              node.Mark().column + 1};
      });
  Context context;
  context.log = make_logger("warn");
  return registry.create_as<Dataset>(plugin, options, context);
}

// Three classes, four training and two validation images each; image i of
// class c has the grey value 10 * c + i. The last one is grayscale.
fs::path make_tiny_imagenet() {
  fs::path root = testing::temporary_dir("tiny") / "tiny-imagenet-200";
  std::vector<std::string> wnids = {"n001", "n002", "n003"};
  std::string wnid_text, annotations;
  for (size_t c = 0; c < wnids.size(); ++c) {
    wnid_text += wnids[c] + "\n";
    for (int i = 0; i < 4; ++i)
      write_jpeg(root / "train" / wnids[c] / "images" /
                     (wnids[c] + "_" + std::to_string(i) + ".JPEG"),
                 8, 8, c == 2 && i == 3 ? 1 : 3, 10 * c + i);
    for (int i = 0; i < 2; ++i) {
      std::string file = "val_" + std::to_string(c * 2 + i) + ".JPEG";
      write_jpeg(root / "val" / "images" / file, 8, 8, 3, 100 + 10 * c + i);
      annotations += file + "\t" + wnids[c] + "\t0\t0\t7\t7\n";
    }
  }
  write_text(root / "wnids.txt", wnid_text);
  write_text(root / "words.txt", "n001\tgoose\nn002\tgoldfish\nn003\tcat\n");
  write_text(root / "val" / "val_annotations.txt", annotations);
  return root;
}

std::string yaml_root(const fs::path& root, const std::string& rest = "") {
  return "{root: " + root.string() + (rest.empty() ? "" : ", " + rest) + "}";
}

TEST(TinyImageNet, ReadsEveryTrainingImageWithItsClass) {
  auto data = make_dataset("tiny_imagenet", yaml_root(make_tiny_imagenet()));
  ASSERT_EQ(data->size(), 12);
  EXPECT_EQ(data->class_names(),
            (std::vector<std::string>{"n001", "n002", "n003"}));
  Sample sample = data->get(5);  // class 1, image 1
  EXPECT_EQ(sample.label, 1);
  EXPECT_EQ(sample.image.height, 8);
  EXPECT_NEAR(sample.image.at(3, 3)[0], 11, 2);
}

TEST(TinyImageNet, ReadsTheValidationSplitFromItsAnnotations) {
  auto data = make_dataset("tiny_imagenet",
                           yaml_root(make_tiny_imagenet(), "split: val"));
  ASSERT_EQ(data->size(), 6);
  Sample sample = data->get(3);
  EXPECT_EQ(sample.label, 1);
  EXPECT_NEAR(sample.image.at(0, 0)[1], 111, 2);
}

TEST(TinyImageNet, SelectsNamedClassesInTheGivenOrder) {
  auto data = make_dataset(
      "tiny_imagenet",
      yaml_root(make_tiny_imagenet(), "classes: {duck: n003, fish: n001}"));
  EXPECT_EQ(data->class_names(), (std::vector<std::string>{"duck", "fish"}));
  ASSERT_EQ(data->size(), 8);
  EXPECT_EQ(data->get(0).label, 0);
  EXPECT_NEAR(data->get(0).image.at(0, 0)[0], 20, 2);
  EXPECT_EQ(data->get(7).label, 1);
}

TEST(TinyImageNet, SelectsTheFirstClassesOfWnids) {
  auto data = make_dataset("tiny_imagenet",
                           yaml_root(make_tiny_imagenet(), "classes: 2"));
  EXPECT_EQ(data->class_names(), (std::vector<std::string>{"n001", "n002"}));
  EXPECT_EQ(data->size(), 8);
}

TEST(TinyImageNet, KeepsAFixedNumberOfImagesPerClass) {
  auto root = make_tiny_imagenet();
  auto data = make_dataset("tiny_imagenet", yaml_root(root, "per_class: 2"));
  ASSERT_EQ(data->size(), 6);
  std::vector<int> per_label(3);
  for (int64_t i = 0; i < data->size(); ++i) ++per_label[data->get(i).label];
  EXPECT_EQ(per_label, (std::vector<int>{2, 2, 2}));
  auto again = make_dataset("tiny_imagenet", yaml_root(root, "per_class: 2"));
  for (int64_t i = 0; i < data->size(); ++i)
    EXPECT_EQ(data->describe(i), again->describe(i));
}

TEST(TinyImageNet, UnlabeledHidesTheLabels) {
  auto data = make_dataset("tiny_imagenet",
                           yaml_root(make_tiny_imagenet(), "labeled: false"));
  EXPECT_TRUE(data->class_names().empty());
  EXPECT_EQ(data->get(4).label, -1);
}

TEST(TinyImageNet, TurnsGrayscaleImagesIntoRgb) {
  auto data = make_dataset("tiny_imagenet", yaml_root(make_tiny_imagenet()));
  Sample gray = data->get(11);
  ASSERT_EQ(gray.image.pixels.size(), 8u * 8u * 3u);
  EXPECT_EQ(gray.image.at(4, 4)[0], gray.image.at(4, 4)[2]);
  EXPECT_NEAR(gray.image.at(4, 4)[0], 23, 2);
}

TEST(TinyImageNet, KeepDecodedServesTheSameImages) {
  auto root = make_tiny_imagenet();
  auto from_disk = make_dataset("tiny_imagenet", yaml_root(root));
  auto in_memory =
      make_dataset("tiny_imagenet", yaml_root(root, "keep_decoded: true"));
  for (int64_t i = 0; i < from_disk->size(); ++i)
    EXPECT_EQ(from_disk->get(i).image.pixels, in_memory->get(i).image.pixels);
}

TEST(TinyImageNet, AMissingRootSaysHowToGetTheData) {
  try {
    make_dataset("tiny_imagenet", "{root: /no/such/tiny}");
    FAIL();
  } catch (const DataError& e) {
    EXPECT_STREQ(e.what(),
                 "/no/such/tiny: Tiny ImageNet not found; run "
                 "scripts/get_data.sh, or set root to the folder that holds "
                 "wnids.txt");
  }
}

TEST(TinyImageNet, AnIncompleteRootNamesWhatIsMissing) {
  auto root = make_tiny_imagenet();
  fs::remove_all(root / "train" / "n002");
  try {
    make_dataset("tiny_imagenet", yaml_root(root));
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()),
              (root / "train/n002/images").string() +
                  ": missing; run scripts/get_data.sh, or set root to the "
                  "folder that holds wnids.txt");
  }
}

TEST(TinyImageNet, AnUnknownClassIsARecipeErrorWithASuggestion) {
  try {
    make_dataset("tiny_imagenet",
                 yaml_root(make_tiny_imagenet(), "classes: [n001, n0003]"));
    FAIL();
  } catch (const RecipeError& e) {
    EXPECT_EQ(e.key_path(), "train.classes");
    EXPECT_EQ(e.reason(),
              "\"n0003\" is not in wnids.txt; did you mean \"n003\"?");
  }
}

TEST(TinyImageNet, ACorruptImageIsNamedWhenRead) {
  auto root = make_tiny_imagenet();
  fs::path broken = root / "train/n001/images/n001_2.JPEG";
  write_text(broken, "garbage");
  auto data = make_dataset("tiny_imagenet", yaml_root(root));
  try {
    data->get(2);
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()),
              broken.string() + ": not a JPEG or PNG image");
  }
}

TEST(ImageFolder, ReadsClassFoldersAndResizes) {
  fs::path root = testing::temporary_dir("folder");
  write_jpeg(root / "cats" / "a.jpg", 10, 6, 3, 50);
  write_jpeg(root / "cats" / "b.JPEG", 12, 12, 1, 60);
  write_jpeg(root / "dogs" / "c.jpeg", 4, 4, 3, 70);
  write_text(root / "dogs" / "notes.txt", "not an image");
  auto data = make_dataset("image_folder", yaml_root(root, "image_size: 16"));
  EXPECT_EQ(data->class_names(), (std::vector<std::string>{"cats", "dogs"}));
  ASSERT_EQ(data->size(), 3);
  Sample dog = data->get(2);
  EXPECT_EQ(dog.label, 1);
  EXPECT_EQ(dog.image.width, 16);
  EXPECT_NEAR(dog.image.at(8, 8)[1], 70, 2);
}

TEST(ImageFolder, AnEmptyClassFolderIsAnError) {
  fs::path root = testing::temporary_dir("folder_empty");
  write_jpeg(root / "cats" / "a.jpg", 4, 4, 3, 50);
  fs::create_directories(root / "dogs");
  try {
    make_dataset("image_folder", yaml_root(root));
    FAIL();
  } catch (const DataError& e) {
    EXPECT_EQ(std::string(e.what()),
              (root / "dogs").string() + ": no .jpg, .jpeg or .png images");
  }
}

}  // namespace
}  // namespace pretext
