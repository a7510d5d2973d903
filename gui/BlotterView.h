#pragma once

#include <QTableView>

namespace OrderDesk {

// The blotter's table: uniform rows (it never measures 50 000 rows one by one), movable
// columns sized for their content, and the status as a coloured chip wide enough for the
// longest status name in the language in use.
class BlotterView : public QTableView
{
    Q_OBJECT

public:
    explicit BlotterView(QWidget *parent = nullptr);
    // Column widths for the blotter model's columns; call once the model is set.
    void setModel(QAbstractItemModel *model) override;
};

} // namespace OrderDesk
