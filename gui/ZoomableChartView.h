#pragma once

#include <QChartView>

namespace OrderDesk {

// A chart view the operator can zoom and pan: the wheel zooms around the centre, a drag with the
// left button zooms into a rectangle, a drag with the right or middle button (or the arrow keys)
// pans, and Home / a double click goes back to following the data.
class ZoomableChartView : public QChartView
{
    Q_OBJECT

public:
    explicit ZoomableChartView(QChart *chart, QWidget *parent = nullptr);

    // True once the operator zoomed or panned: the owner then stops re-fitting the axes.
    bool isZoomed() const { return m_zoomed; }
    void resetZoom();

Q_SIGNALS:
    void zoomReset();

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    bool m_zoomed = false;
    bool m_panning = false;
    QPointF m_lastPan;
};

} // namespace OrderDesk
