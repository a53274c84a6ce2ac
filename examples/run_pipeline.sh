#!/usr/bin/env bash
# Launch lines for trying the detector of this workspace without deepstream-app.
#   ./run_pipeline.sh sw-decode | convert | record [STREAM]
# Each variant works (or almost) but carries one classic mistake; see README.md.
set -euo pipefail
cd "$(dirname "$0")"

STREAM=${2:-/opt/nvidia/deepstream/deepstream/samples/streams/sample_1080p_h264.mp4}

case "${1:-sw-decode}" in
  sw-decode)
    # Decodes H.264 on the CPU (avdec_h264) and then uploads every frame to NVMM.
    gst-launch-1.0 -e \
      filesrc location="$STREAM" ! qtdemux ! h264parse ! avdec_h264 ! videoconvert ! \
      nvvideoconvert ! 'video/x-raw(memory:NVMM),format=NV12' ! mux.sink_0 \
      nvstreammux name=mux batch-size=1 width=1920 height=1080 batched-push-timeout=40000 ! \
      nvinfer config-file-path=config_infer_primary.txt ! \
      nvvideoconvert ! nvdsosd ! nveglglessink sync=0
    ;;
  convert)
    # videoconvert only understands system memory; after nvinfer the buffers are NVMM.
    gst-launch-1.0 -e \
      filesrc location="$STREAM" ! qtdemux ! h264parse ! nvv4l2decoder ! mux.sink_0 \
      nvstreammux name=mux batch-size=1 width=1920 height=1080 batched-push-timeout=40000 ! \
      nvinfer config-file-path=config_infer_primary.txt ! \
      videoconvert ! nvdsosd ! nveglglessink sync=0
    ;;
  record)
    # Shows and records the annotated stream; the tee's branches have no queue.
    gst-launch-1.0 -e \
      filesrc location="$STREAM" ! qtdemux ! h264parse ! nvv4l2decoder ! mux.sink_0 \
      nvstreammux name=mux batch-size=1 width=1920 height=1080 batched-push-timeout=40000 ! \
      nvinfer config-file-path=config_infer_primary.txt ! \
      nvvideoconvert ! nvdsosd ! tee name=t \
      t. ! nvvideoconvert ! nvv4l2h264enc bitrate=4000000 ! h264parse ! qtmux ! filesink location=annotated.mp4 \
      t. ! nveglglessink sync=0
    ;;
  *)
    echo "usage: $0 sw-decode|convert|record [STREAM]" >&2
    exit 2
    ;;
esac
