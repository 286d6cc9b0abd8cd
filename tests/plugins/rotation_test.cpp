#include <gtest/gtest.h>
#include <torch/torch.h>

#include "pretext/task.h"
#include "test_support.h"

namespace pretext {
namespace {

std::shared_ptr<Task> make_rotation(const std::string& yaml) {
  const auto& registry = testing::builtin_plugins();
  auto options = Options::validate(
      registry.find("rotation")->info->options, YAML::Load(yaml), "task",
      [](const YAML::Node&, const std::string&) { return SourceLocation{}; });
  return registry.create_as<Task>("rotation", options, Context{});
}

// Turns one C x H x W image by `degrees` counter-clockwise, pixel by pixel,
// without torch::rot90, as the reference the task is checked against.
torch::Tensor turn(const torch::Tensor& image, int degrees) {
  int64_t size = image.size(1);
  auto out = torch::empty_like(image);
  auto in = image.accessor<float, 3>();
  auto o = out.accessor<float, 3>();
  for (int64_t c = 0; c < image.size(0); ++c)
    for (int64_t y = 0; y < size; ++y)
      for (int64_t x = 0; x < size; ++x) {
        int64_t last = size - 1;
        switch (degrees) {
          case 0:
            o[c][y][x] = in[c][y][x];
            break;
          case 90:
            o[c][y][x] = in[c][x][last - y];
            break;
          case 180:
            o[c][y][x] = in[c][last - y][last - x];
            break;
          case 270:
            o[c][y][x] = in[c][last - x][y];
            break;
        }
      }
  return out;
}

torch::Tensor distinct_images(int64_t n) {
  return torch::arange(n * 3 * 5 * 5, torch::kFloat32).view({n, 3, 5, 5});
}

TEST(Rotation, AllModeGivesEveryImageInEveryExactOrientation) {
  auto task = make_rotation("{mode: all}");
  auto images = distinct_images(3);
  std::mt19937_64 rng(0);
  Batch batch = task->prepare({images, torch::full({3}, -1L)}, rng);
  ASSERT_EQ(batch.inputs.size(0), 12);
  const int angles[] = {0, 90, 180, 270};
  for (int64_t k = 0; k < 4; ++k)
    for (int64_t i = 0; i < 3; ++i) {
      int64_t row = k * 3 + i;
      EXPECT_EQ(batch.targets[row].item<int64_t>(), k);
      EXPECT_TRUE(batch.inputs[row].equal(turn(images[i], angles[k])))
          << "image " << i << " at " << angles[k] << " degrees";
    }
  EXPECT_EQ(task->output_names(*static_cast<Dataset*>(nullptr)),
            (std::vector<std::string>{"0", "90", "180", "270"}));
}

TEST(Rotation, RandomModeLabelsMatchTheRotationApplied) {
  auto task = make_rotation("{mode: random}");
  auto images = distinct_images(40);
  std::mt19937_64 rng(5);
  Batch batch = task->prepare({images, torch::full({40}, -1L)}, rng);
  ASSERT_EQ(batch.inputs.size(0), 40);
  std::set<int64_t> seen;
  for (int64_t i = 0; i < 40; ++i) {
    int64_t label = batch.targets[i].item<int64_t>();
    seen.insert(label);
    EXPECT_TRUE(batch.inputs[i].equal(turn(images[i], label * 90)));
  }
  EXPECT_EQ(seen.size(), 4u);
  EXPECT_FALSE(task->is_deterministic());
}

TEST(Rotation, ASubsetOfAnglesKeepsItsOrderAsLabels) {
  auto task = make_rotation("{angles: [0, 180]}");
  auto images = distinct_images(2);
  std::mt19937_64 rng(0);
  Batch batch = task->prepare({images, torch::full({2}, -1L)}, rng);
  ASSERT_EQ(batch.inputs.size(0), 4);
  EXPECT_EQ(batch.targets[3].item<int64_t>(), 1);
  EXPECT_TRUE(batch.inputs[3].equal(turn(images[1], 180)));
}

TEST(Rotation, RotatingLeavesPixelValuesUntouched) {
  auto task = make_rotation("{}");
  auto images = torch::rand({2, 3, 8, 8});
  std::mt19937_64 rng(0);
  Batch batch = task->prepare({images, torch::full({2}, -1L)}, rng);
  auto sorted_in = std::get<0>(images[1].flatten().sort());
  auto sorted_out = std::get<0>(batch.inputs[3].flatten().sort());
  EXPECT_TRUE(sorted_in.equal(sorted_out));
}

TEST(Rotation, PermutedChannelsAreLabeledWithTurnAndOrder) {
  auto task = make_rotation("{mode: random, channel_orders: all}");
  auto images = distinct_images(60);
  std::mt19937_64 rng(3);
  Batch batch = task->prepare({images, torch::full({60}, -1L)}, rng);
  ASSERT_EQ(batch.inputs.size(0), 60);
  // Orders in label order: rgb, rbg, grb, gbr, brg, bgr.
  const int64_t orders[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
                                {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
  std::set<int64_t> seen;
  for (int64_t i = 0; i < 60; ++i) {
    int64_t label = batch.targets[i].item<int64_t>();
    seen.insert(label);
    auto turned = turn(images[i], static_cast<int>(label / 6) * 90);
    const int64_t* order = orders[label % 6];
    for (int64_t c = 0; c < 3; ++c)
      EXPECT_TRUE(batch.inputs[i][c].equal(turned[order[c]]))
          << "image " << i << " label " << label << " channel " << c;
  }
  EXPECT_GT(seen.size(), 12u);
  auto names = task->output_names(*static_cast<Dataset*>(nullptr));
  ASSERT_EQ(names.size(), 24u);
  EXPECT_EQ(names[0], "0 rgb");
  EXPECT_EQ(names[9], "90 gbr");
  EXPECT_FALSE(task->is_deterministic());
}

TEST(Rotation, OnlyTheListedChannelOrdersAreUsed) {
  auto task = make_rotation("{mode: random, channel_orders: [rgb, bgr]}");
  auto images = distinct_images(40);
  std::mt19937_64 rng(5);
  Batch batch = task->prepare({images, torch::full({40}, -1L)}, rng);
  std::set<int64_t> seen;
  for (int64_t i = 0; i < 40; ++i) {
    int64_t label = batch.targets[i].item<int64_t>();
    seen.insert(label);
    auto turned = turn(images[i], static_cast<int>(label / 2) * 90);
    bool swapped = label % 2 == 1;  // bgr
    for (int64_t c = 0; c < 3; ++c)
      EXPECT_TRUE(batch.inputs[i][c].equal(turned[swapped ? 2 - c : c]))
          << "image " << i << " label " << label << " channel " << c;
  }
  EXPECT_EQ(seen.size(), 8u);
  auto names = task->output_names(*static_cast<Dataset*>(nullptr));
  ASSERT_EQ(names.size(), 8u);
  EXPECT_EQ(names[3], "90 bgr");
  // One order is no shuffling: the task is rotation alone.
  EXPECT_EQ(make_rotation("{channel_orders: [rgb]}")
                ->output_names(*static_cast<Dataset*>(nullptr))
                .size(),
            4u);
}

TEST(Rotation, AllModeWithPermutedChannelsKeepsEveryTurn) {
  auto task = make_rotation("{mode: all, channel_orders: all}");
  auto images = distinct_images(5);
  std::mt19937_64 rng(1);
  Batch batch = task->prepare({images, torch::full({5}, -1L)}, rng);
  ASSERT_EQ(batch.inputs.size(0), 20);
  for (int64_t k = 0; k < 4; ++k)
    for (int64_t i = 0; i < 5; ++i) {
      int64_t row = k * 5 + i;
      EXPECT_EQ(batch.targets[row].item<int64_t>() / 6, k);
      // Whatever the order, the channels are the turned image's own.
      auto turned = turn(images[i], static_cast<int>(k) * 90);
      for (int64_t c = 0; c < 3; ++c) {
        bool found = false;
        for (int64_t source = 0; source < 3; ++source)
          found = found || batch.inputs[row][c].equal(turned[source]);
        EXPECT_TRUE(found) << "row " << row << " channel " << c;
      }
    }
  EXPECT_FALSE(task->is_deterministic());
}

TEST(Rotation, ConfusionGivesRotationAndOrderAccuracySeparately) {
  auto task = make_rotation("{angles: [0, 180], channel_orders: all}");
  // Two targets, each predicted once right and once with the other turn
  // but the right order, and once with the right turn but another order.
  auto confusion = torch::zeros({12, 12}, torch::kInt64);
  confusion[0][0] = 1;   // 0 rgb -> right
  confusion[0][6] = 1;   // 0 rgb -> 180 rgb: order right
  confusion[0][1] = 1;   // 0 rgb -> 0 rbg: turn right
  confusion[9][9] = 1;   // 180 gbr -> right
  confusion[9][3] = 1;   // 180 gbr -> 0 gbr: order right
  confusion[9][11] = 1;  // 180 gbr -> 180 bgr: turn right
  auto metrics = task->confusion_metrics(confusion);
  EXPECT_DOUBLE_EQ(metrics.at("rotation_accuracy"), 4.0 / 6);
  EXPECT_DOUBLE_EQ(metrics.at("channel_order_accuracy"), 4.0 / 6);
  // Only target 0 rgb was left in true colour; its turn was right twice.
  EXPECT_DOUBLE_EQ(metrics.at("true_colour_rotation_accuracy"), 2.0 / 3);
}

TEST(Rotation, RotationAloneReportsItsAccuracyUnderTheSameName) {
  auto task = make_rotation("{}");
  auto confusion = torch::zeros({4, 4}, torch::kInt64);
  confusion[0][0] = 2;  // 0 -> right
  confusion[1][3] = 1;  // 90 -> 270
  confusion[2][2] = 1;  // 180 -> right
  auto metrics = task->confusion_metrics(confusion);
  EXPECT_EQ(metrics.size(), 1u);
  EXPECT_DOUBLE_EQ(metrics.at("rotation_accuracy"), 3.0 / 4);
}

TEST(Rotation, TrueColourRotationNeedsRgbAmongTheOrders) {
  auto task = make_rotation("{angles: [0, 180], channel_orders: [gbr, bgr]}");
  auto confusion = torch::zeros({4, 4}, torch::kInt64);
  confusion[0][0] = 3;  // 0 gbr -> right
  confusion[3][1] = 1;  // 180 bgr -> 0 bgr: order right
  auto metrics = task->confusion_metrics(confusion);
  EXPECT_DOUBLE_EQ(metrics.at("rotation_accuracy"), 3.0 / 4);
  EXPECT_DOUBLE_EQ(metrics.at("channel_order_accuracy"), 1.0);
  EXPECT_EQ(metrics.count("true_colour_rotation_accuracy"), 0u);
}

}  // namespace
}  // namespace pretext
